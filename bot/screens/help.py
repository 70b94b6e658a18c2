"""/ayuda: what a person can do in Feria, a few lines for each role they hold, with the commands that matter."""

from __future__ import annotations

from bot.commands import command_name
from bot.screens.menu import back_to_menu
from bot.screens.stock_help import example
from bot.turn import Screen, Voice
from market.services.people.roles import PersonRoles


def help_screen(voice: Voice, roles: PersonRoles, country_code: str) -> Screen:
    """Buying for everyone; then producing, running an organization, coordinating a group, reviewing, operating,
    each only for a person who does it. `country_code` is their organization's: its units and money."""
    _ = voice._

    def command(name: str) -> str:
        return command_name(name, voice.locale)

    parts = [_("🧺 Buying: browse the catalog from the menu, or write a product's name to search it, like "
               "“honey”. {cart} your cart, {orders} your orders, {alerts} to be told of new stock, {price} prices.")
             .format(cart=command("cart"), orders=command("orders"), alerts=command("alerts"), price=command("price"))
             + "\n" + _("🧾 {receipts} your receipts, each sent again as a PDF.").format(receipts=command("receipts"))]
    if roles.producer or roles.admin:
        parts.append(_("🧑‍🌾 Producing: write your stock in a message, like “{example}”, and press ✅ Publish on "
                       "the card. {organization} your organization, its orders and offers; {entry} your entry in "
                       "its register.").format(example=example(voice, country_code),
                                               organization=command("organization"), entry=command("register_entry")))
    if roles.admin:
        parts.append(_("🏛 Running your organization: in {organization}, invite producers with a link, approve them, "
                       "answer orders and keep the board and the register.").format(
            organization=command("organization")))
        parts.append(_("🏅 Seal: {seal} asks a PGS network to visit your products, the first step to its "
                       "participatory seal.").format(seal=command("seal")))
    if roles.coordinator:
        parts.append(_("👥 Coordinating: in {groups}, open an order round with a closing time, close it and see "
                       "what each member takes home. In the group's chat, {link} links it to your group.").format(
            groups=command("groups"), link=command("link")))
    if roles.reviewer:
        parts.append(_("🌱 Reviewing: {networks} your PGS networks, where you name other reviewers.").format(
            networks=command("networks")))
        parts.append(_("✍️ Visits: {visits} the organizations asking your networks for a visit, the visits you lead "
                       "and those you are asked to sign.").format(visits=command("visits")))
    if roles.operator:
        parts.append(_("🛠 Operating: {operators} what waits for approval, the operators and the categories.").format(
            operators=command("operators")))
    if roles.producer or roles.admin or roles.coordinator:
        parts.append(_("💰 Solidarity fund: {fund} its balance, what each month added, and each grant, investment "
                       "and loan with the assembly that decided it.").format(fund=command("fund")))
    parts.append(_("{start} the menu, {language} your language, {mydata} what Feria keeps about you.").format(
        start=command("start"), language=command("language"), mydata=command("mydata")))
    return Screen("\n\n".join(parts), [back_to_menu(voice)])
