"""Group chats in the sandbox: the bot added and removed, people making groups and adding each other."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.sandbox.state import BotState, ChatLog, World

if TYPE_CHECKING:
    from bot.sandbox.client import Reply

# What Telegram gives a bot added to a group as an administrator, unless the person unticks some:
# every right but adding admins; the bot cannot edit its own rights (can_be_edited is about the bot).
ADMIN_RIGHTS = {
    "can_be_edited": False, "is_anonymous": False, "can_manage_chat": True, "can_delete_messages": True,
    "can_manage_video_chats": True, "can_restrict_members": True, "can_promote_members": False,
    "can_change_info": True, "can_invite_users": True, "can_pin_messages": True, "can_post_stories": True,
    "can_edit_stories": True, "can_delete_stories": True,
}


class GroupChats:
    """SandboxClient's group chats (it provides the world, the bot, and how a person's message is posted)."""

    world: World
    bot: BotState

    def _log(self, chat_id: int) -> ChatLog:
        raise NotImplementedError

    def _post(self, user_id: int, chat_id: int, content: dict[str, Any], reply_to: int | None) -> Reply:
        raise NotImplementedError

    def group(self, title: str, *, supergroup: bool = False, with_bot: bool = True) -> int:
        """A group chat, with the bot already in it unless `with_bot=False`; returns its (negative) chat id.

        A bot already there was added before the test began, so the bot is not told: to have it
        told, create the group without it and call `add_bot_to_group`.
        """
        chat_id = self.world.add_group(title, supergroup=supergroup)["id"]
        if with_bot:
            self.world.memberships[(self.bot.id, chat_id)] = "member"
        return chat_id

    def create_group(self, creator_id: int, title: str, *, supergroup: bool = False) -> int:
        """A person makes a group chat with only themselves in it; returns its (negative) chat id."""
        chat_id = self.world.add_group(title, supergroup=supergroup)["id"]
        self.world.members[chat_id] = [creator_id]
        self._post(creator_id, chat_id, {"supergroup_chat_created" if supergroup else "group_chat_created": True}, None)
        return chat_id

    def add_to_group(self, adder_id: int, chat_id: int, user_id: int) -> None:
        """A member adds a person; everyone in the group, the bot too if it is there, sees a service message."""
        members = self.members(chat_id)
        if adder_id not in members:
            raise LookupError(f"person {adder_id} is not in group {chat_id}")
        if user_id not in self.world.users:
            raise LookupError(f"no person {user_id} in the sandbox")
        if user_id not in members:
            members.append(user_id)
            self._post(adder_id, chat_id, {"new_chat_members": [self.world.users[user_id]]}, None)

    def members(self, chat_id: int) -> list[int]:
        """The people in a group chat (not its bots), in the order they came."""
        chat = self.world.chats.get(chat_id)
        if chat is None or chat["type"] not in ("group", "supergroup"):
            raise LookupError(f"no group {chat_id} in the sandbox")
        return self.world.members.setdefault(chat_id, [])

    def add_bot_to_group(self, user_id: int, chat_id: int, *, as_admin: bool = False) -> None:
        """A person adds the bot to a group (or promotes it); Telegram tells the bot with my_chat_member."""
        new = {"status": "administrator", **ADMIN_RIGHTS} if as_admin else {"status": "member"}
        if self._change_membership(user_id, chat_id, new) in ("left", "kicked"):
            # The members see it come in; the bot hears of it by my_chat_member alone here (Telegram also sends
            # it this service message, which a bot reads no differently).
            self._show(user_id, chat_id, {"new_chat_members": [self.bot.user]})

    def remove_bot_from_group(self, user_id: int, chat_id: int, *, banned: bool = False) -> None:
        """A person removes the bot from a group; `banned` also keeps it from being added back ("kicked")."""
        new = {"status": "kicked", "until_date": 0} if banned else {"status": "left"}
        if self._change_membership(user_id, chat_id, new) in ("member", "administrator"):
            self._show(user_id, chat_id, {"left_chat_member": self.bot.user})

    def _change_membership(self, user_id: int, chat_id: int, new: dict[str, Any]) -> str | None:
        """Set the bot's status in a group and tell it; returns the status it had, None when nothing changed."""
        chat = self.world.chats.get(chat_id)
        if chat is None or chat["type"] not in ("group", "supergroup"):
            raise LookupError(f"no group {chat_id} in the sandbox")
        key = (self.bot.id, chat_id)
        status = self.world.memberships.get(key, "left")
        if status == new["status"]:
            return None
        old: dict[str, Any] = {"status": status}
        if status == "administrator":
            old = {"status": "administrator", **ADMIN_RIGHTS}
        if status == "kicked":
            old["until_date"] = 0
        self.world.memberships[key] = new["status"]
        self.bot.enqueue("my_chat_member", {
            "chat": chat, "from": self.world.users[user_id], "date": self.world.now(),
            "old_chat_member": {"user": self.bot.user, **old}, "new_chat_member": {"user": self.bot.user, **new},
        })
        return status

    def _show(self, user_id: int, chat_id: int, content: dict[str, Any]) -> None:
        """A service message the people in the chat see and the bot is not sent."""
        data = {"message_id": 0, "from": self.world.users[user_id], "chat": self.world.chats[chat_id],
                "date": self.world.now(), **content}
        self._log(chat_id).add(data, from_bot=False)
        self.world.changed.notify()
