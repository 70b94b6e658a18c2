"""The one error handler: the domain's refusals in the person's words, anything else logged first."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.flows.router import EXPIRED
from bot.screens.committee import missing as missing_signatures
from bot.turn import CODEC, Voice, begin_turn, translator
from market.errors import FeriaError
from market.logs import person_tag
from market.presentation.labels import N_, ORDER_STATUS, unit_name
from market.services.stock.draft_lines import StockNotPublished

log = logging.getLogger(__name__)

NOTHING_LOST = N_("Something went wrong on our side. Nothing was lost; please try again.")
REFUSALS = {
    "not_enough_stock": N_("Only {available} of {product} left. Change the quantity and try again."),
    "cart_empty": N_("Your cart is empty."),
    "bad_quantity": N_("Please write a number, like 2 or 1,5."),
    "quantity_not_positive": N_("The quantity must be more than zero."),
    "quantity_not_whole": N_("Please write a whole number of {unit}."),
    "quantity_too_precise": N_("Please write at most {places} decimals."),
    "offer_not_found": N_("That product is no longer on offer."),
    "product_not_found": N_("That product is no longer on offer."),
    "organization_not_found": N_("We don't know that organization."),
    "seal_not_found": N_("No seal has the code {seal_code}. Check the letters and try again."),
    "order_not_found": N_("That order does not exist."),
    "not_your_order": N_("That order is not yours."),
    "not_a_member": N_("Only the organization's members can do that."),
    "order_not_cancellable": N_("This order can no longer be cancelled: it is {status}. Write to the organization."),
    "order_status_changed": N_("Someone got there first: the order is already {status}."),
    "order_already_paid": N_("This order was already marked paid."),
    "delivery_note_missing": N_("Please write where and when you'd like to receive it."),
    "delivery_note_too_long": N_("That is too long: at most {limit} characters, please."),
    "reason_missing": N_("Please write the reason."),
    "unsupported_locale": N_("That language is not available yet."),
    "person_not_found": N_("We don't know you yet: write /start and try again."),
    "invalid_parameter": N_("That search could not be done. Write a shorter one, like “café”."),
    "order_cancelled": N_("This order was cancelled: there is nothing to pay."),
    "proof_pending": N_("You already said you paid. The organization has not answered yet."),
    "proof_not_found": N_("That payment notice no longer exists."),
    "proof_already_confirmed": N_("This payment was already confirmed by {by}."),
    "proof_already_rejected": N_("This payment was already rejected by {by}."),
    "refund_not_owed": N_("No refund is owed for this order."),
    "refund_already_paid": N_("This refund was already recorded as paid."),
    "order_paid_ask_organization": N_("This order is paid, so you cannot cancel it here: ask {organization} to "
                                      "cancel it and give your money back."),
    "order_not_refusable": N_("This order can no longer be refused: it is {status}."),
    "transition_not_allowed": N_("That step does not apply: the order is {status}."),
    "reason_too_long": N_("That is too long: at most {limit} characters, please."),
    "group_name_length": N_("The name must have {min} to {max} characters."),
    "group_not_found": N_("That group does not exist."),
    "territory_not_found": N_("That place is no longer on the list. Write its name again."),
    "invite_not_found": N_("This invitation link no longer works. Ask the coordinator for a new one."),
    "not_a_group_member": N_("Only the group's members can do that."),
    "not_a_coordinator": N_("Only the group's coordinators can do that."),
    "last_coordinator": N_("You are the group's last coordinator: make someone else coordinator before you leave."),
    "forget_last_coordinator": N_(
        "You are the last coordinator of «{group}»: make someone else coordinator before deleting your data."),
    "forget_last_admin": N_(
        "You are the last admin of {organization}: hand your seat over first (/organizacion, 👥 Board, 🔁 Hand over "
        "my seat)."),
    "not_a_group_chat": N_("Only a group chat can be linked."),
    "chat_linked_elsewhere": N_("This chat is already the chat of «{group}»."),
    "pickup_point_too_long": N_("That is too long: at most {limit} characters, please."),
    "round_not_found": N_("That round does not exist."),
    "round_offer_not_found": N_("That product is not in this round."),
    "round_closed": N_("This round is closed: orders can no longer change."),
    "round_not_closable": N_("This round can no longer be closed: it was cancelled."),
    "round_not_closed": N_("This round is not closed yet."),
    "round_settled": N_("This round is already settled."),
    "round_not_due": N_("This round closes at its time, and it is not that time yet."),
    "note_too_long": N_("That is too long: at most {limit} characters, please."),
    "round_stock_exceeded": N_("Only {available} more can be ordered in this round. Change the quantity and try again."),
    "not_whole_units": N_("Write a number, or two: “3” orders 3, “3 1” orders 3 and up to 1 more."),
    "amount_not_in_order_units": N_("This is sold by {step}: write {below} or {above}."),
    "amount_below_order_unit": N_("This is sold by {step}: write at least {step}."),
    "nothing_owed": N_("Nothing is owed for this round: no payment was recorded."),
    "written_in_other_unit": N_("This is sold in {unit}: write how many {unit}."),
    "bad_moment": N_("Write a day and time like “28/11 20:00”."),
    "moment_past": N_("That time has passed. Write a later one, like “28/11 20:00”."),
    "closes_at_in_past": N_("That time has passed. Write a later one, like “28/11 20:00”."),
    "closes_at_not_later": N_("The round already closes later than that."),
    "pickup_before_close": N_("Members pick up on {pickup}: choose a new pickup day after the new close."),
    "no_offers": N_("Choose at least one organization."),
    "mixed_currencies": N_("A round can only include products priced in one currency."),
    "amount_not_positive": N_("Write an amount above zero, like 120,50."),
    "amount_below_minor_unit": N_("That amount has more decimals than {currency} uses, like 120,50 or 15000."),
    "bulk_order_not_found": N_("There is no bulk order for that organization in this round."),
    "not_an_admin": N_("Only the organization's admins can do that."),
    "membership_not_found": N_("That request no longer exists."),
    "membership_requested": N_("Your request is already with the admins."),
    "leave_board_first": N_("You are on the board: hand your seat over or step down first (👥 Board)."),
    "community_name_length": N_("Write your community's name, at most {max} letters, or choose it from the list."),
    "production_line_unreadable": N_("I could not read line {line}. Write one product a line: the product, about "
                                     "how much with its unit, and after a comma when, like “papa 20 qq, mayo a "
                                     "julio”."),
    "production_too_many_lines": N_("At most {max} products, please: one a line."),
    "family_size_invalid": N_("Write how many people your family has, as a number from {min} to {max}, like 5."),
    "register_entry_changed": N_("This entry changed meanwhile, or it is saved already. Open it again."),
    "unit_mismatch": N_("{product} is sold by the {unit}: write its quantity in {unit}."),
    "price_needed": N_("A new product needs a price: write it like “{product} 10 kg a 8,50”."),
    "currency_mismatch": N_("Prices here are in {expected}: convert the price from {currency} at today's rate, or "
                            "write it in {expected}."),
    "content_mismatch": N_("{product} comes in {unit} that hold another amount: write the quantity in its {unit}."),
    "bad_rate": N_("Write the rate as a number above zero, like “6,96”."),
    "category_needed": N_("Choose the kind of product first."),
    "stock_negative": N_("The stock cannot be less than zero."),
    "stock_too_large": N_("That stock is too large."),
    "lot_too_small": N_("Your lot of {product} has {lot}: you cannot take away {taking}. Nothing was changed."),
    "stock_below_lots": N_("The producers' lots of {product} hold {lots}: the stock cannot be less."),
    "price_is_organizations": N_("{product} sells at the organization's price, {price}. Write the line without a "
                                 "price to keep it, or ask an admin to change it."),
    "price_too_large": N_("That price is too large."),
    "valid_until_past": N_("That day has passed. Choose a later one."),
    "too_many_alerts": N_("You can have at most {max} alerts. Remove one first."),
    "alert_kind_not_offered": N_("That kind of alert cannot be added here."),
    "alert_product_too_long": N_("That is too long: at most {limit} characters, please."),
    "alert_product_or_category": N_("Choose a product or a kind of product."),
    "alert_product_missing": N_("Write the product's name, like tomate."),
    "alert_currency_needed": N_("Choose a place first: prices are compared in its currency."),
    "category_not_found": N_("That kind of product is no longer on the list."),
    "alert_not_found": N_("That alert no longer exists."),
    "bad_mute_hours": N_("Choose one of the buttons."),
    "bad_quiet_hours": N_("Choose one of the buttons."),
    "not_a_reviewer": N_("Only the network's reviewers can do that."),
    "not_on_committee": N_("Only the network's committee can do that."),
    "network_not_found": N_("That network no longer exists."),
    "network_name_length": N_("Write the network's name in {min} to {max} characters."),
    "network_description_too_long": N_("That is too long: describe the network in at most {limit} characters."),
    "network_not_approved": N_("«{name}» is not approved by Feria's operators yet."),
    "network_norms_too_long": N_("That is too long: send the norms document in at most {limit} characters, or a link "
                                 "to it."),
    "producer_reviewer_needs_organization": N_(
        "A producer reviews from their organization: choose it. If they belong to none in Feria, choose another role."),
    "reviewer_organization_not_theirs": N_("They are not a member of that organization. Choose again."),
    "reviewer_not_found": N_("That person does not review for this network."),
    "last_committee_member": N_("The committee needs at least one member: seat someone else on it first."),
    "checklist_norm_count": N_("Write {min} to {max} norms, one per line. Nothing was saved."),
    "checklist_norm_length": N_("Norm {number} must have {min} to {max} characters. Send the whole list again; nothing "
                                "was saved."),
    "checklist_norm_repeated": N_("Norm {number} is written twice. Send the list again without it; nothing was saved."),
    "checklist_changed": N_("The checklist changed meanwhile, or this version is saved already. Open it again."),
    "checklist_not_found": N_("That checklist no longer exists."),
    "not_allowed_to_record_prices": N_(
        "You may record market prices as a coordinator of a purchasing group or a member of an organization."),
    "bad_price": N_("Write a price above zero, like 8,50."),
    "bad_product_name": N_("Write the product's name, in at most {max} characters."),
    "observed_in_future": N_("That time has not come yet. Write a price you have already seen."),
    "price_product_not_found": N_("We have no prices for that product yet."),
    "duplicate_product": N_(
        "Line {line}: {product} is already on line {first}. Write each product once, on one line."),
    "bad_name": N_("A name cannot start with =, +, - or @: “{product}”. Write it without the sign."),
    "unknown_unit": N_("I don't know that unit. Write it like “8,50 kg” or “150 quintal”."),
    "message_missing": N_("Please write the message."),
    "message_too_long": N_("That is too long: at most {limit} characters, please."),
    "buyer_unreachable": N_("The buyer can no longer be reached through Feria."),
    "line_not_pickable": N_("Line {line} is not a product with stock: write the message again, corrected."),
    "stock_draft_unreadable": N_("Nothing was published: I can no longer read that stock message. Please write your "
                                 "stock again, like “tomate 20 kg a 8,50”."),
    # The words of the first line refused, when it has some (refusal_text); else these.
    "stock_not_published": N_("Nothing was published: some lines need correcting. Write the message again."),
    "board_member_not_found": N_("That person is not an approved member of the organization now."),
    "already_an_admin": N_("That person is already an admin."),
    "already_in_office": N_("That person already holds it."),
    "not_the_office_holder": N_("Only the person who holds it can hand it over."),
    "last_admin": N_("You are the last admin: hand your seat over to a producer (🔁 Hand over my seat) instead of "
                     "stepping down."),
    "term_months_invalid": N_("A term lasts {min} to {max} months."),
    "declared_day_in_future": N_("That day has not come yet: write a day that has passed."),
    "declared_day_too_early": N_("Write a day from the year {year} on."),
    "not_an_operator": N_("Only Feria's operators can do that."),
    "person_not_started": N_(
        "Telegram user {telegram_user_id} has not written to this bot yet. Ask them to send /start here, then try again."),
    "username_unknown": N_(
        "Nobody who wrote to this bot is @{username}. Ask them to send /start here, or write their Telegram id."),
    "bad_person_reference": N_(
        "Forward me a message from the person, or write their Telegram id (digits, like 123456789) or their @username."),
    "forward_hidden": N_(
        "That person hides their account in forwarded messages: write their Telegram id or their @username instead."),
    "operator_not_found": N_("That person is no longer an operator."),
    "last_operator": N_("That is the last operator: name another one first."),
    "forget_last_operator": N_(
        "You are the last operator of this Feria: name another operator before deleting your data."),
    "decision_subject_not_found": N_("That no longer waits for a decision."),
    "decision_not_found": N_("That decision no longer exists."),
    "already_decided": N_("Another operator already decided on «{name}»: the first decision stands."),
    "join_request_not_found": N_("That request to join no longer exists."),
    "join_already_decided": N_("That request to join was answered already: the first answer stands."),
    "category_code_invalid": N_(
        "Write a code of 2 to 32 lowercase letters, digits or _, starting with a letter, like semillas."),
    "category_exists": N_("There is already a category with the code {category_code}. Write another code."),
    "category_name_invalid": N_("Write a name of 1 to {max} characters that does not start with =, +, - or @."),
    "idempotency_key_reused": EXPIRED,
    "bad_idempotency_key": EXPIRED,
    "organization_name_length": N_("Write a name of {min} to {max} characters."),
    "legal_form_unknown": N_("Choose one of the kinds with the buttons."),
    "tax_number_not_cnpj_or_cpf": N_(
        "That is not a valid Brazilian CNPJ or CPF (their check digits do not match). Write the 14 digits of the "
        "CNPJ, like 11.222.333/0001-81, or the 11 of a CPF, or press Skip."),
    "tax_number_not_rfc": N_(
        "That is not a valid Mexican RFC. Write its 12 characters (13 for a person), like ABC680524P76, or press "
        "Skip."),
    "tax_number_not_nit": N_(
        "A Bolivian NIT is digits only, {min} to {max} of them, like 1020304050. Write it again, or press Skip."),
    "tax_number_bad_characters": N_(
        "Write the tax number with {min} to {max} letters or digits (dots, dashes and slashes are fine), or press "
        "Skip."),
    "pickup_point_length": N_("Write a place of {min} to {max} characters, like “Feria de la calle 6, puesto 12”."),
    "too_many_pickup_points": N_("That is {max} pickup points already: press Done."),
    "fund_rate_range": N_("Write a number from 0 to {max}, like 5 for 5 %."),
    "description_too_long": N_("That is too long: at most {limit} characters, please."),
    "time_zone_unknown": N_("Choose the time zone with the buttons."),
    "registration_busy": N_("Many organizations are being registered right now: press «Send for approval» again in a "
                             "moment."),
    "place_query_length": N_("Write {min} to {max} letters of the place's name."),
    "territory_name_length": N_("Write a name of {min} to {max} characters."),
    "territory_exists": N_("«{name}» is already on the list there: choose it from the list."),
    "margin_range": N_("Write a number from 0 to {max}, like 10 for 10 %."),
    "producer_not_found": N_("That person is not a member of the organization."),
    "payment_not_found": N_("That payment is not there any more."),
    "payment_already_corrected": N_("That payment was already taken back. Nothing was changed."),
    # Fair prices and ferias in the chat (bot/flows/fair_prices.py, bot/flows/fairs.py).
    "bad_amount": N_("Write an amount in {currency}, like 12,50, or 0."),
    "bad_date": N_("Write a day like {example}."),
    "fair_declarer_needed": N_("Start again from /organizacion or /redes."),
    "fair_announcer_needed": N_("Start again from /organizacion or /redes."),
    "fair_product_name_length": N_("Write the product's name, at most {max} characters."),
    "fair_price_part_negative": N_("Write an amount of 0 or more."),
    "fair_price_out_of_range": N_("The parts must add up to more than zero, and to an amount a price can be."),
    "fair_price_ends_before_it_starts": N_("The last day cannot come before the first. Write a later day."),
    "fair_price_not_found": N_("That fair price no longer exists."),
    "fair_title_length": N_("Write a title of at most {max} characters."),
    "fair_place_length": N_("Write the place in at most {max} characters."),
    "fair_participants_too_long": N_("That is too long: at most {limit} characters, please."),
    "fair_not_found": N_("That feria no longer exists."),
    "fair_ends_before_it_starts": N_("A feria ends after it starts. Write a later time, like “18:00”."),
    # A network's committee (bot/flows/committee.py)
    "no_seal_to_renew": N_("There is no seal to renew."),
    "seal_already_granted": N_("The seal {seal_code} is granted already."),
    "seal_already_suspended": N_("The seal {seal_code} is suspended already."),
    "seal_code_unavailable": N_("No seal code could be drawn just now: press again in a moment."),
    "seal_expired": N_("The seal {seal_code} has expired: a renewal visit renews it, there is nothing to suspend."),
    "seal_not_granted": N_("The seal {seal_code} is not granted."),
    "seal_not_suspended": N_("The seal {seal_code} is not suspended."),
    "seal_revoked": N_("The seal {seal_code} was revoked: it never comes back."),
    "seal_status_changed": N_("Someone got there first: the seal {seal_code} changed. Open it again."),
    "visit_before_last_review": N_("This visit is older than the seal's last review."),
    "visit_already_decided": N_("This visit was decided already: the first decision stands."),
    "norm_not_met": N_("A norm was answered «no»: grant with conditions, or deny."),
    "conditions_missing": N_("Write at least one condition, with the day it must be met by."),
    "too_many_conditions": N_("At most {max} conditions, please."),
    "condition_too_long": N_("A condition may have at most {limit} characters."),
    "condition_due_past": N_("A condition's due date must be after today."),
    "condition_due_missing": N_(
        "Line {line} does not end with a date: end each condition with the day it must be met by, like 15/03/2027."),
    "condition_not_found": N_("That condition no longer exists."),
    "condition_already_met": N_("That condition was marked met already."),
    "member_of_reviewed_organization": N_("{person} is a member of the organization concerned: they cannot take "
                                          "part in its visits or decide on its seal."),
    "no_products": N_("Choose at least one product."),
    "product_not_of_organization": N_("That product is not the organization's."),
    "findings_too_long": N_("That is too long: at most {limit} characters, please."),
    "visit_in_future": N_("That day has not come yet: write the day of the visit."),
    "visit_too_old": N_("That is over a year ago: a seal needs a visit of the last 12 months."),
    "signatures_insufficient": N_("These signatures cannot grant the seal yet. Missing: {missing}."),
    "visit_request_not_found": N_("That visit request no longer exists."),
    "visit_already_requested": N_("The organization already asked this network for a visit: it waits for a "
                                  "reviewer."),
    "visit_request_not_open": N_("A reviewer has already taken that request: it can no longer be withdrawn."),
    "visit_request_taken": N_("Another reviewer took that request first."),
    "reviewer_without_role": N_("A reviewer needs a role (producer, consumer or technician) from the network's "
                                "committee first."),
    "visit_not_found": N_("That visit no longer exists."),
    "not_the_visit_lead": N_("Only the reviewer who leads the visit can do that."),
    "visit_not_editable": N_("That visit can no longer be changed."),
    "norm_not_found": N_("That norm is not in this visit's checklist."),
    "observation_too_long": N_("That is too long: at most {limit} characters, please."),
    "co_reviewer_is_lead": N_("You lead the visit: you sign it when you send it. Invite another reviewer."),
    "grant_with_a_no": N_("A norm was answered “no”: propose a grant with conditions, or a denial."),
    "condition_text_length": N_("Write the condition in 1 to {max} characters."),
    "condition_due_not_future": N_("Write a day still to come."),
    "norms_unanswered": N_("Answer every norm first ({count} left)."),
    "proposal_missing": N_("Choose the proposal first."),
    "not_invited_to_sign": N_("Only the reviewers invited to this visit can sign it."),
    "visit_not_signing": N_("That visit is no longer waiting for signatures."),
    "signatures_pending": N_("{count} invited reviewers have not answered yet."),
    # Ways to pay (bot/flows/payment_methods.py, bot/flows/cart.py).
    "payment_text_length": N_("Write {min} to {max} characters, please."),
    "pix_key_invalid": N_("That is not a Pix key. Write a CPF, a CNPJ, an e-mail, a phone like +55 61 91234-5678, "
                          "or a random key."),
    "pix_needs_brazil": N_("Pix is for organizations and groups in Brazil."),
    "payment_qr_missing": N_("Send the QR code as a photo."),
    "payment_methods_too_many": N_("At most {max} ways to pay: turn one off first."),
    "payment_method_not_found": N_("That way to pay no longer exists."),
    "payment_method_not_offered": N_("That way to pay is not offered for this order any more. Choose another."),
    "order_not_payable": N_("This order is delivered or cancelled: there is nothing to pay."),
    # Receipts.
    "receipt_not_found": N_("No receipt has that code. Check the letters and try again."),
    "login_code_not_found": N_("That sign-in code has expired or was used already. Ask the browser for a new one."),
    # A solidarity fund's uses and loans (bot/flows/fund.py).
    "fund_too_small": N_("The fund has {balance}: it cannot give more. Nothing was recorded."),
    "fund_use_not_found": N_("That loan no longer exists."),
    "borrower_not_found": N_("That person is no longer a member. Choose again."),
    "repayment_above_left": N_("Only {left} is left to repay: write that or less."),
    "fund_text_length": N_("Write 1 to {max} characters, please."),
    "fund_decided_in_future": N_("That day has not come yet: write the assembly's date, like 15/11/2026."),
    "installments_range": N_("Write how many monthly installments, from 1 to {max}, each at least a cent."),
    "first_due_before_decision": N_("The first installment falls after the assembly: write a later day."),
}
FALLBACK_REFUSAL = N_("That could not be done.")


def refusal_text(voice: Voice, error: FeriaError) -> str:
    """A domain refusal in the person's words, its values formatted for them."""
    code, params = error.code, dict(error.params)
    if isinstance(error, StockNotPublished) and error.first.code in REFUSALS:
        code, params = error.first.code, {**error.first.params, "line": error.first.line}
    for name in ("available", "lot", "taking", "lots", "step", "below", "above"):
        if isinstance(params.get(name), Decimal):
            params[name] = voice.quantity(params[name], params.get("unit", ""))
    if isinstance(params.get("price"), Decimal) and "currency" in params:
        params["price"] = voice.per_unit(params["price"], params["currency"], params.get("unit", ""))
    for name in ("balance", "left"):  # a fund's balance, a loan's rest (market.services.funds)
        if isinstance(params.get(name), Decimal) and "currency" in params:
            params[name] = voice.money(params[name], params["currency"])
    if isinstance(params.get("pickup"), dt.date):
        params["pickup"] = voice.date(params["pickup"])
    if "status" in params:
        params["status"] = voice._(ORDER_STATUS.get(params["status"], str(params["status"])))
    if "unit" in params:
        params["unit"] = unit_name(voice.ngettext, params["unit"], 2)
    if isinstance(params.get("reasons"), (tuple, list)):  # the grant rule's refusals: what the signatures lack
        params["missing"] = missing_signatures(voice, params["reasons"])
    try:
        return voice._(REFUSALS.get(code, FALLBACK_REFUSAL)).format(**params)
    except (KeyError, IndexError):
        return voice._(FALLBACK_REFUSAL)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log first; then tell the person, in their language, what happened, and that nothing was lost."""
    error = context.error
    user = update.effective_user if isinstance(update, Update) else None
    tag = person_tag(user.id if user else None, context.bot.token)
    if isinstance(error, FeriaError):
        # The code only: a refusal's values may be what the person typed.
        log.info("refused: %s (person %s)", error.code, tag)
    else:
        log.error("error while handling an update (person %s)", tag, exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None or update.effective_user is None:
        return
    try:
        voice: Voice = await begin_turn(update, context)
    except Exception:  # the database itself may be what failed: still answer, in their Telegram language
        log.exception("could not load the person to answer the error")
        settings = context.bot_data["settings"]
        voice = Voice(translator(update.effective_user.language_code or settings.default_locale).locale,
                      update.effective_user.id, context.bot_data[CODEC])
    text = refusal_text(voice, error) if isinstance(error, FeriaError) else voice._(NOTHING_LOST)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text[:200], show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError:
        log.warning("could not tell person %s about an error", tag, exc_info=True)
