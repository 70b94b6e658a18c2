"""Every inline button the bot makes, by name: what pressing it does, and the code it carries.

A member's value is its wire code, the short string in the button's callback data (bot/callbacks.py
signs it with the button's arguments, all within Telegram's 64 bytes). Buttons already sent to people
carry these codes: never change a value; add a member for a new button.

Adding a button: add a member here, handle it in its flow's `PRESSES` table (bot/flows/), and make the
button with `voice.button(text, Action.X, *args)` in a screen. tests/bot/test_actions.py fails when an
action has no handler or two, or when a button names anything but an Action.
"""

from __future__ import annotations

from enum import StrEnum, unique


@unique
class Action(StrEnum):
    """What a button press asks for; the comment says what pressing it does, `(args)` what it carries."""

    # The door (bot/flows/start.py)
    MENU = "m"  # the main menu
    LANGUAGES = "lg"  # the language picker
    LANGUAGE_CHOSEN = "sl"  # speak this language from now on (locale)

    # Any question the bot asks, waiting for a typed answer (bot/flows/questions.py)
    QUESTION_CANCEL = "ax"  # stop waiting for the answer (what the chat awaits)
    QUESTION_SEARCH = "as"  # stop waiting, and search the words typed instead (what the chat awaits)

    # Browsing and searching the catalog (bot/flows/catalog.py)
    CATEGORIES = "cs"  # the catalog's categories
    REGIONS = "rg"  # where a category's products come from (category)
    PRODUCT_LIST = "pl"  # a page of a category's products (category, region or "-", cursor)
    SEARCH = "sq"  # ask for words to search
    SEARCH_PAGE = "ps"  # another page of the chat's last search (cursor)
    SEARCH_SUGGESTED = "sgs"  # search one of the names suggested when a search found nothing (its index)
    MY_PLACE = "mpl"  # choose where I am: my searches show the nearest first ("m": from the menu)
    PRODUCT = "pc"  # a product's card (product)
    BACK = "bk"  # from a product's card back to the list it was opened from, else the menu
    ADD = "ad"  # add a quantity to the cart (offer, quantity)
    ADD_OTHER_QUANTITY = "aq"  # ask for a typed quantity to add to the cart (offer)
    ORGANIZATION_PRODUCTS = "po"  # a page of an organization's products (slug, cursor)

    # The cart and checking out (bot/flows/cart.py)
    CART = "ct"  # the cart
    CART_REMOVE = "rm"  # take a line out of the cart (offer)
    CART_EMPTY = "ce"  # empty the cart
    CART_CHANGE = "cq"  # ask how much of a cart line (offer)
    CHECKOUT = "co"  # check out: ask how to receive the orders
    CHECKOUT_PICKUP = "cp"  # place the orders, picked up (checkout token)
    CHECKOUT_NOTE = "cn"  # ask for a delivery note, then place the orders (checkout token)

    # Orders, the consumer's and the organization's (bot/flows/orders.py)
    ORDERS = "os"  # the person's orders
    ORDER = "od"  # one order (order)
    ORDER_CANCEL = "ox"  # ask whether to cancel an order (order)
    ORDER_CANCEL_CONFIRMED = "oy"  # cancel it: the stock comes back (order)
    ORDER_ADVANCE = "sa"  # the organization moves an order on: confirmed, ready, delivered (order, step)
    ORDER_PAID = "sp"  # the organization marks an order paid (order)
    ORDER_REFUSE = "sr"  # the organization refuses an order: ask the reason (order)
    # The three above carry a last "l" when pressed on an order opened from the received orders: the order is
    # shown again as the list opens it.

    # An organization's received orders (bot/flows/received.py)
    RECEIVED = "ir"  # the received orders: the organization's list, or first choose one of the person's (none)
    RECEIVED_LIST = "il"  # a page of an organization's received orders (organization, shelf "o" or "f", page)
    RECEIVED_ORDER = "io"  # one received order, with its buttons and a way to write to the buyer (order)
    BUYER_WRITE = "iw"  # ask for a message the bot passes on to the order's buyer (order)

    # Proofs of payment ("Ya pagué") and refunds (bot/flows/payments.py)
    PROOF_ORDER = "yo"  # the buyer says they paid an order: ask for the transfer's photo (order)
    PROOF_ROUND = "yr"  # a member says they paid their account in a round: ask for the photo (round)
    PROOF_NO_PHOTO = "yn"  # send the proof without a photo ("o" order or "r" round, its id)
    PROOF_CONFIRM = "yc"  # the payee confirms a proof: the payment is recorded (proof)
    PROOF_REJECT = "yx"  # the payee rejects a proof: ask the reason the payer will read (proof)
    PROOFS_PENDING = "yl"  # an organization's proofs waiting for an admin (organization)
    PROOF = "yv"  # one proof, with its photo and buttons (proof)
    GROUP_PROOFS_PENDING = "yg"  # a group's round-account proofs waiting for a coordinator (group)
    REFUND_PAID = "yf"  # an admin records the refund of a refused paid order as paid back (order)

    # Purchasing groups and their Telegram chat (bot/flows/groups.py)
    GROUPS = "gl"  # the person's purchasing groups
    GROUP = "gv"  # a group's page (group)
    GROUP_NEW_LINK = "gn"  # a new invitation link; the old one stops working (group)
    GROUP_MEMBERS = "gm"  # a group's members (group)
    GROUP_MAKE_COORDINATOR = "gmc"  # make a member coordinator (group, person)
    GROUP_JOIN = "gj"  # join a group by its invitation (invitation code)
    GROUP_LEAVE = "gx"  # ask whether to leave a group (group)
    GROUP_LEAVE_CONFIRMED = "gy"  # leave it (group)
    GROUP_CREATE = "gc"  # create a group: ask its name
    GROUP_PLACE = "gt"  # the new group's place, then ask its pickup point (territory)
    GROUP_NO_PICKUP_POINT = "gp"  # create the new group without a pickup point for now
    GROUP_CHAT_LINK = "gk"  # link this Telegram group chat to a purchasing group (group)

    # Order rounds: a member's order (bot/flows/rounds.py)
    ROUND = "rb"  # a round's board, or the bill once it closed (round)
    ROUND_LINE = "rl"  # one offer of an open round and the member's line on it (round offer)
    ROUND_LINE_SET = "rw"  # set the member's line to these totals (round offer, quantity, tolerance)
    # Opening a round (bot/flows/round_setup.py)
    ROUND_OPEN = "ro"  # open a round: choose the organizations (group)
    ROUND_ORGANIZATION = "rot"  # include or leave out an organization (organization)
    ROUND_ORGANIZATIONS_DONE = "ron"  # the organizations are chosen: ask the closing time
    ROUND_CLOSING = "roc"  # the round closes then: ask the pickup day (timestamp)
    ROUND_PICKUP_DAY = "rod"  # pickup on this day: ask the pickup point (YYYYMMDD)
    ROUND_KEEP_PICKUP_POINT = "rop"  # keep the group's pickup point and open the round
    # A coordinator's round
    ROUND_EXTEND = "re"  # ask until when to extend an open round (round)
    ROUND_EXTEND_TO = "rx"  # extend it until then; members are told (round, timestamp)
    ROUND_EXTEND_PICKUP = "rxp"  # extend it and move its pickup to that day (round, timestamp, YYYYMMDD)
    ROUND_CANCEL = "rc"  # ask whether to cancel a round (round)
    ROUND_CANCEL_CONFIRMED = "rcy"  # cancel it; members are told (round)
    ROUND_CLOSE = "rz"  # ask whether to close a round now (round)
    ROUND_CLOSE_CONFIRMED = "rzy"  # close it (once, however many press): bills and bulk orders go out (round)
    # After the close (bot/flows/round_settlement.py)
    ROUND_SETTLE = "rs"  # ask whether to settle a closed round (round)
    ROUND_SETTLE_CONFIRMED = "rsy"  # settle it (round)
    ROUND_BULK_ORDERS = "rv"  # a closed round's bulk order per organization (round)
    ROUND_BULK_ORDER_CSV = "rvc"  # one organization's bulk order as a CSV file (round, organization)
    ROUND_PICKUP_LIST = "rk"  # what each member takes home (round)
    ROUND_ARRIVALS = "ra"  # which offer's arrival to record (round)
    ROUND_ARRIVAL = "raa"  # ask how many units of an offer arrived (round, round offer)
    ROUND_PAYMENT = "rp"  # which member paid (round)
    ROUND_PAYER = "rpm"  # ask how much a member paid (round, person)
    ROUND_PAID_IN_FULL = "rpf"  # a member paid all they owe for the round (round, person)
    GROUP_ACCOUNTS = "ga"  # a group's accounts (group)

    # A producer's offers (bot/flows/offers.py)
    OFFERS = "fl"  # an organization's offers, withdrawn ones too (organization)
    OFFER = "fo"  # one offer (offer)
    OFFER_STOCK = "fs"  # ask the offer's stock as it is now (offer)
    OFFER_PRICE = "fp"  # ask the offer's new price (offer)
    OFFER_UNTIL = "fv"  # ask until when the offer stands (offer)
    OFFER_UNTIL_CHOSEN = "fu"  # it stands until that day, or with no end (offer, YYYYMMDD or "-")
    OFFER_WITHDRAW = "fw"  # ask whether to withdraw the offer (offer)
    OFFER_WITHDRAW_CONFIRMED = "fwy"  # withdraw it (offer)

    # A producer's stock message and its card (bot/flows/stock.py)
    STOCK_ORGANIZATION = "ko"  # the card is for this organization (card token, organization)
    STOCK_PRODUCT = "km"  # a line means this product (card token, line, product)
    STOCK_NEW_PRODUCT = "kn"  # a line is a new product: ask its category (card token, line)
    STOCK_CATEGORY = "kg"  # the new product's category (card token, line, category)
    STOCK_PUBLISH = "kp"  # publish the card's lines, once (card token)
    STOCK_CORRECT = "kc"  # ask for the message again, corrected (card token)
    STOCK_CANCEL = "kx"  # publish nothing (card token)

    # Alerts (bot/flows/alerts.py)
    ALERTS = "al"  # the person's alerts
    ALERT_ADD = "ala"  # add an alert of a kind: stock, category, price, ferias (kind)
    ALERT_CATEGORY = "alc"  # the new alert's category, then ask where (category)
    ALERT_TERRITORY = "alt"  # the new alert's place, or anywhere (territory or "-")
    ALERT_REMOVE = "alx"  # remove an alert (subscription)
    ALERT_QUIET_OPTIONS = "alo"  # the mute and quiet-hours choices
    ALERT_MUTE = "alm"  # mute for hours, until unmuted ("0"), or unmute ("u")
    ALERT_QUIET_HOURS = "alq"  # quiet hours from one hour to another, or none ("n")

    # Market prices (bot/flows/prices.py)
    PRICE_RECORD = "pr"  # record a market price seen: ask at which market
    PRICE_LEVEL = "prl"  # at this market level: ask the price (market level)

    # What Feria keeps about the person (bot/flows/privacy.py)
    MY_DATA = "yd"  # what Feria keeps about the person
    MY_DATA_DELETE = "ydx"  # ask whether to delete it
    MY_DATA_DELETE_CONFIRMED = "ydy"  # delete it (the person it was asked for)
    # Signing a browser in to the desk, and the browsers signed in (bot/flows/web_sign_in.py)
    DESK_SIGN_IN_YES = "dky"  # sign the browser waiting behind this code in as me (code)
    DESK_SIGN_IN_NO = "dkn"  # refuse it: nobody is signed in (code)
    DESK_BROWSERS = "dkl"  # the browsers signed in as me
    DESK_SIGN_OUT = "dko"  # sign this browser out (web session)
    DESK_SIGN_OUT_ALL = "dka"  # sign every browser out

    # A member's organizations, and producers joining them (bot/flows/producers.py)
    ORGANIZATIONS = "ig"  # the person's organizations, as /organizacion shows them
    PRODUCERS = "pv"  # an admin's page: the producers' link and who waits (organization)
    PRODUCER_JOIN = "pj"  # ask to join an organization as a producer (invitation code)
    PRODUCER_ANSWER = "pa"  # an admin approves (1) or refuses (0) a request (membership, 1 or 0)

    # An organization's page and its board (bot/flows/organization.py)
    ORGANIZATION = "og"  # an organization's page: who they are, their board, a way to their products (organization)
    BOARD = "bd"  # the board as its admins manage it (organization)
    BOARD_CANDIDATES = "bc"  # whom a change may seat, a page: name_admin, presidency, treasury, seat (organization,
    # change, offset)
    BOARD_CANDIDATE = "bcp"  # ask whether to make the change with this member (organization, change, person)
    BOARD_CHANGE = "bcy"  # make it: the seats change, the member seated is told (organization, change, person)
    BOARD_STEP_DOWN = "bs"  # ask whether to step down from the board (organization)
    BOARD_STEP_DOWN_CONFIRMED = "bsy"  # step down, staying a producer member (organization)
    BOARD_RENEW = "br"  # ask whether the board was re-elected as it is (organization)
    BOARD_RENEW_CONFIRMED = "bry"  # it was: every seat starts again today, a new term (organization)
    BOARD_TERM = "bt"  # the term lengths to choose from (organization)
    BOARD_TERM_SET = "bts"  # a term lasts this many months (organization, months)

    # The member register (bot/flows/register.py): a member's own entry, and the register as admins read it
    REGISTER_ENTRY = "en"  # the member's own entry in an organization's register (organization)
    REGISTER_STEP = "es"  # ask one step of the entry; answering or skipping goes on to the next (organization, step)
    REGISTER_COMMUNITIES = "ep"  # another page of communities to choose from (organization, offset)
    REGISTER_COMMUNITY = "ec"  # this is my community (organization, territory)
    REGISTER_GENDER = "eg"  # declare a gender, only ever counted in totals (organization, gender)
    REGISTER_CONFIRM = "ey"  # the entry is still right: it counts as updated today (organization)
    REGISTER_LEAVE = "ex"  # ask whether to leave the organization (organization)
    REGISTER_LEAVE_CONFIRMED = "exy"  # leave it; the entry and the history stay (organization)
    REGISTER_LIST = "el"  # a page of the register, for its admins (organization, "a" all or "s" stale only, page)
    REGISTER_MEMBER = "em"  # one member's entry, for an admin (member, "a" or "s", page to go back to)
    REGISTER_TOTALS = "et"  # the register's totals: members, families, shares of women (organization)
    REGISTER_CSV = "ef"  # the register as a CSV file, without gender (organization)
    # An admin writes a member's entry (bot/flows/register_by_admin.py)
    REGISTER_WRITE = "ew"  # ask the first part of a member's entry (member, "a" or "s", page to go back to)
    REGISTER_WRITE_STEP = "ews"  # ask this part; skipping goes on, past the last it writes the entry (member, step)
    REGISTER_WRITE_COMMUNITIES = "ewp"  # another page of communities to choose from (member, offset)
    REGISTER_WRITE_COMMUNITY = "ewc"  # the member's community (member, territory, offset of its page)

    # The demand board (bot/flows/demand.py)
    DEMAND = "dm"  # what rounds, orders and searches nearby ask of an organization (organization)

    # Operators look after the installation (bot/flows/operators.py)
    OPERATOR_HOME = "qh"  # the operator's page: what waits for a decision, the operators, the categories
    QUEUE = "qq"  # what of one kind waits, a page (kind, after id or "-")
    QUEUE_ITEM = "qi"  # one thing that waits, with its decision buttons (kind, id)
    QUEUE_APPROVE = "qa"  # approve it; the people concerned are told (kind, id)
    QUEUE_REFUSE = "qr"  # refuse it: ask the reason (kind, id)
    OPERATOR_LIST = "ql"  # the operators, a page, a button to remove each (after id or "-")
    OPERATOR_ADD = "qn"  # name an operator: ask for a forwarded message, a Telegram id or an @username
    OPERATOR_CONFIRM = "qy"  # name this person operator (person)
    OPERATOR_REMOVE = "qx"  # ask whether to remove an operator (person)
    OPERATOR_REMOVE_CONFIRMED = "qxy"  # remove them; the record stays (person)
    # The catalog's categories, as operators manage them (bot/flows/operator_categories.py)
    CATEGORY_LIST = "qc"  # the categories, a page, to rename one or add one (offset)
    CATEGORY_ADD = "qca"  # add a category: ask its code, then its names
    CATEGORY_PAGE = "qcp"  # one category's names, with a button per language to rename it (category code)
    CATEGORY_RENAME = "qcr"  # ask the category's name in this language (category code, locale)

    # Registering an organization (bot/flows/registration.py)
    REGISTRATION_FORM = "rgf"  # its legal form, then choose its place (legal form)
    REGISTRATION_FUND = "rgr"  # its solidarity fund's percent, then ask the description (percent)
    REGISTRATION_SKIP = "rgk"  # leave an optional step out: the next question (step)
    REGISTRATION_BACK = "rgb"  # the question before this step (step)
    REGISTRATION_CANCEL = "rgx"  # drop the draft: nothing was stored
    REGISTRATION_CONFIRM = "rgy"  # store it, waiting for an operator (draft token)
    # The territory chooser (bot/flows/places.py)
    PLACE_OPEN = "tp"  # the places below one, a page ("-": the countries) (place key, offset)
    PLACE_CHOOSE = "tc"  # choose the place reached (place key)
    PLACE_ZONE = "tz"  # choose it, in this time zone of its country (place key, zone index[, "p": to propose])
    PLACE_PROPOSE = "tn"  # ask the name of a community not listed under a place (place key)
    # An organization's maturity (bot/flows/maturity.py)
    MATURITY = "mt"  # its level, what it rests on, what would raise it, and its admins' declarations (organization,
    # offset)
    MATURITY_DECLARE = "mtd"  # ask the day it happened: statutes, assembly, contributions (organization, kind)

    # Joining a group whose coordinators approve newcomers (bot/flows/group_joins.py)
    GROUP_SETTINGS = "gs"  # a group's settings: how it takes newcomers (group)
    GROUP_JOIN_POLICY = "gsp"  # take newcomers this way: "open" or "approval" (group, policy)
    GROUP_JOIN_REQUESTS = "gjl"  # who waits to join a group, a page (group, offset)
    GROUP_JOIN_REQUEST = "gjv"  # one request to join, with its answers, as a coordinator sees it (request)
    GROUP_JOIN_APPROVE = "gja"  # let the person in; they are told (request)
    GROUP_JOIN_REFUSE = "gjr"  # refuse: ask a short reason, or refuse without one (request)
    GROUP_JOIN_REFUSE_NOW = "gjn"  # refuse without a reason; they are told (request)
    GROUP_JOIN_WAITING = "gjw"  # the person's own request, waiting (request)
    GROUP_JOIN_CANCEL = "gjx"  # take one's own request back (request)

    # PGS networks registered in the bot, and their reviewers (bot/flows/networks.py)
    NETWORKS = "nl"  # the person's networks: those they review for, those waiting for the operators
    NETWORK_REGISTER = "nr"  # register a PGS network: ask its name
    NETWORK_PLACE = "np"  # the new network's place, then ask its description (territory)
    NETWORK_NO_DESCRIPTION = "nd"  # register the new network without a description
    NETWORK_NO_NORMS = "nnn"  # register the new network without a norms document
    NETWORK = "nv"  # one network as its reviewer sees it: committee, reviewers by role, checklist (network)
    NETWORK_NAMING = "nnm"  # the reviewer's own answer: may seal pages show my name, "1" or "0" (network, answer)
    # Its committee's buttons (bot/flows/networks.py)
    NETWORK_REVIEWER_ADD = "na"  # admit a reviewer: ask for a forwarded message, a Telegram id or an @username (network)
    NETWORK_REVIEWER_CONFIRM = "ny"  # an older button (network, person): choose the person's role now
    NETWORK_ROLE = "nro"  # the reviewer's role; then choose their organization ("a" admit, "c" change) (network,
    # person, role, mode)
    NETWORK_ORIGIN = "nog"  # the organization they review from ("0": none): admitting asks to confirm, a change is
    # saved (network, person, role, organization, mode)
    NETWORK_ADMIT = "nad"  # admit them reviewer; they are told and asked about their name (network, person, role,
    # organization)
    NETWORK_REVIEWERS = "nrl"  # the network's active reviewers, to change one or admit another (network)
    NETWORK_REVIEWER = "nrv"  # one reviewer: role, organization, committee seat (network, person)
    NETWORK_COMMITTEE = "ncm"  # seat a reviewer on the committee, "1", or take them off it, "0" (network, person, on)
    NETWORK_REVIEWER_OFF = "nrx"  # ask whether to end a person's reviewing (network, person)
    NETWORK_REVIEWER_OFF_CONFIRMED = "nry"  # end it; their signatures stay (network, person)
    NETWORK_NORMS = "nno"  # ask the network's norms document: a link or its text (network)
    NETWORK_CHECKLIST = "nck"  # the current checklist version's norms (network)
    NETWORK_CHECKLIST_NEW = "ncn"  # ask the norms of a new checklist version, one per line (network)
    NETWORK_CHECKLIST_CONFIRM = "ncy"  # save the version previewed in the chat (network)

    # A network's committee decides visits and acts on seals (bot/flows/committee.py)
    COMMITTEE = "cmd"  # the committee's desk: visits waiting for a decision, conditions past due, the seals
    COMMITTEE_VISIT = "cmv"  # a proposed visit's whole record, with the decision buttons (visit)
    COMMITTEE_GRANT = "cmg"  # grant the seal, or renew it when the holder has one; once (visit)
    COMMITTEE_CONDITIONS = "cmc"  # the conditions to grant with: the proposed ones, or write others (visit)
    COMMITTEE_CONDITIONS_WRITE = "cmw"  # ask for conditions typed one per line, each with its due date (visit)
    COMMITTEE_CONDITIONS_GRANT = "cmy"  # grant with the proposed ("p") or the typed ("t") conditions; once (visit, p/t)
    COMMITTEE_DENY = "cmx"  # deny the seal: ask the reason (visit)
    COMMITTEE_SEALS = "cms"  # the network's seals (network)
    COMMITTEE_SEAL = "cml"  # one seal with its conditions and the buttons to act on it (seal)
    COMMITTEE_SUSPEND = "cmu"  # suspend the seal: ask the reason (seal)
    COMMITTEE_REINSTATE = "cmr"  # lift the seal's suspension; its admins are told (seal)
    COMMITTEE_REVOKE = "cmk"  # revoke the seal: ask the reason, then confirm (seal)
    COMMITTEE_REVOKE_CONFIRMED = "cmz"  # revoke it for good with the reason typed; its admins are told (seal)
    COMMITTEE_CONDITION_MET = "cmm"  # a seal's condition is met; its admins are told (condition)

    # Asking a PGS network for a visit, as an organization's admin (bot/flows/seal_requests.py)
    SEAL_HOME = "vqh"  # an organization's seal page: its visit requests, and a way to ask for one (organization)
    SEAL_REQUEST = "vqn"  # ask for a visit: choose the network (organization)
    SEAL_REQUEST_NETWORK = "vqw"  # that network: choose the products (organization, network)
    SEAL_REQUEST_PRODUCT = "vqp"  # a product in or out of the request (organization, network, product)
    SEAL_REQUEST_CONFIRM = "vqc"  # ask the network for the visit; its reviewers are told (organization, network)
    SEAL_REQUEST_WITHDRAW = "vqx"  # withdraw an open request (request)

    # A visit made in the chat by its lead reviewer, and signed by each co-reviewer (bot/flows/visits.py)
    VISITS = "vvl"  # the open requests of the person's networks, the visits they lead and those to sign
    VISIT_TAKE = "vvt"  # take an open request and start its visit (request)
    VISIT = "vv"  # a visit's card: everything recorded so far, a button for each part (visit)
    VISIT_DATE = "vvd"  # ask the visit's day (visit)
    VISIT_PRODUCTS = "vvp"  # the products visited, as toggles (visit)
    VISIT_PRODUCT = "vvq"  # a product visited or not (visit, product)
    VISIT_NORM = "vvn"  # ask a norm of the checklist (visit, norm)
    VISIT_NORM_ANSWER = "vva"  # answer a norm yes / no / not applicable, then ask an observation (visit, norm, answer)
    VISIT_NORM_SKIP = "vvs"  # no observation: the next norm (visit, norm)
    VISIT_PHOTOS = "vvf"  # ask for the visit's photos (visit)
    VISIT_FINDINGS = "vvg"  # ask the findings (visit)
    VISIT_FINDINGS_SKIP = "vvh"  # no findings: the co-reviewers (visit)
    VISIT_CO_REVIEWERS = "vvc"  # ask for a co-reviewer to invite (visit)
    VISIT_PROPOSAL = "vvo"  # the proposal's choices (visit)
    VISIT_PROPOSE_AS = "vvr"  # propose grant / conditions / deny; conditions are then typed (visit, proposal)
    VISIT_SEND = "vve"  # send the visit for signatures: the lead signs, the co-reviewers are asked (visit)
    VISIT_AGREE = "vvy"  # a co-reviewer's signature: I was at this visit and agree (visit)
    VISIT_DISAGREE = "vvz"  # a co-reviewer disagrees: ask why (visit)
    VISIT_TO_COMMITTEE = "vvk"  # send the signed visit to the network's committee (visit)
    VISIT_WITHDRAW = "vvw"  # ask whether to withdraw the visit (visit)
    VISIT_WITHDRAW_CONFIRMED = "vvx"  # withdraw it: its request is open again (visit)

    # The territory chooser, left (bot/flows/places.py)
    PLACE_CANCEL = "tx"  # leave the chooser: the flow that opened it is told the person cancelled

    # A stock card's price in another currency (bot/flows/stock.py)
    STOCK_RATE = "kr"  # ask today's rate of the price's currency, then show the card converted (card token, currency)
    # How a producer posts stock by writing (bot/flows/stock_help.py)
    STOCK_HELP = "sh"  # what to write to publish stock, with an example of the organization's country
    # What each family is owed (bot/flows/statements.py)
    STATEMENT = "ws"  # the person's own statement in an organization (organization)
    STATEMENTS = "wl"  # every producer's balance, a page, for its admins (organization, offset)
    STATEMENT_OF = "wm"  # one producer's statement, for the organization's admins (organization, member)
    STATEMENTS_CSV = "wc"  # every producer's statement as a CSV document (organization)
    STATEMENT_PAY = "wp"  # ask how much the organization paid a producer (organization, member)
    STATEMENT_PAID = "wy"  # record the payment typed, once (organization, member, minor units, typed message id)
    STATEMENT_CORRECT = "wx"  # take a payment back by a new entry (ledger entry)
    MARGIN = "wg"  # ask the share of each sale the organization keeps (organization)
    # An admin's stock card: whose lot it posts on (bot/flows/stock_lots.py)
    STOCK_LOT_POSTERS = "kw"  # list the organization and its approved members, one page (card token, page)
    STOCK_LOT_FOR = "kf"  # post the card's lines on this lot: 0 the organization's, else a member's (token, person)

    # Fair prices declared in the chat, step by step (bot/flows/fair_prices.py)
    FAIR_PRICE = "jp"  # declare a fair price for an organization ("o") or a network ("n"): ask the product (kind, id)
    FAIR_PRICE_PRODUCT = "jpp"  # it is the price of this product of the organization: ask where it holds (product)
    FAIR_PRICE_TERRITORY = "jpt"  # it holds in this territory: ask the unit (territory)
    FAIR_PRICE_ELSEWHERE = "jpw"  # it holds somewhere else: open the territory chooser
    FAIR_PRICE_UNIT = "jpu"  # it is per this unit: ask the producer's share (unit)
    FAIR_PRICE_SKIP = "jps"  # this part of the price is 0: ask the next (part)
    FAIR_PRICE_FROM = "jpf"  # it holds from this day: ask until when (YYYYMMDD)
    FAIR_PRICE_UNTIL = "jpv"  # it holds until this day, or with no end ("-"): the summary (YYYYMMDD or "-")
    FAIR_PRICE_CONFIRM = "jpy"  # declare it, once: product cards show it (draft token)
    FAIR_PRICE_CANCEL = "jpx"  # drop the draft: nothing is declared
    # Ferias announced in the chat, and /ferias (bot/flows/fairs.py)
    FAIRS = "jl"  # the ferias of the coming days, as /ferias lists them
    FAIRS_OF_NETWORK = "jn"  # a network's fair price and feria buttons, for its reviewers (network)
    FAIR_ANNOUNCE = "ja"  # announce a feria for an organization ("o") or a network ("n"): ask its title (kind, id)
    FAIR_TERRITORY = "jat"  # the feria is in this territory: ask when it starts (territory)
    FAIR_ELSEWHERE = "jaw"  # it is somewhere else: open the territory chooser
    FAIR_SKIP = "jas"  # leave out its end ("e") or its participants ("p"): the next step (step)
    FAIR_CONFIRM = "jay"  # announce it, once: its followers are told (draft token)
    FAIR_CANCEL = "jax"  # drop the draft: nothing is announced
    # Ways to pay an organization ("o") or a group ("g"), and a buyer's choice for an order (bot/flows/payment_methods.py)
    PAY_METHODS = "yp"  # the payee's ways to pay, for its admins or coordinators (payee kind, id)
    PAY_METHOD_ADD = "ypa"  # choose the kind of a new way to pay (payee kind, id)
    PAY_METHOD_KIND = "ypk"  # add this kind: cash at once, else ask its first field (payee kind, id, method kind)
    PAY_METHOD_OFF = "ypo"  # turn this way off: no longer offered (method, payee kind, id)
    PAY_METHOD_UP = "ypu"  # move this way one place up (method, payee kind, id)
    PAY_CHOOSE = "ypc"  # the buyer pays this order this way: what it needs (order, method)
    PAY_DETAILS = "ypd"  # how this order is paid, again (order)
    # A person's receipts (bot/flows/receipts.py)
    RECEIPTS = "yq"  # the person's latest receipts, as /recibos lists them
    RECEIPT_AGAIN = "yrs"  # send a receipt's PDF again (receipt code)
    # A solidarity fund in the open: /fondo (bot/flows/fund.py)
    FUNDS = "sfl"  # the funds a person may see: their organizations' and groups'
    FUND = "sfv"  # one fund: balance, months, uses, loans ("o" or "g", id)
    FUND_USE = "sfu"  # record a use: a loan asks for the borrower, else the amount ("o" or "g", id, g/i/l)
    FUND_BORROWER = "sfb"  # the loan goes to this member: ask the amount (member or group member)
    FUND_CONFIRM = "sfy"  # record the use drafted, once (draft token)
    FUND_REPAY = "sfr"  # ask how much a borrower paid back (fund use)
    FUND_REPAID = "sfz"  # record the repayment typed, once (fund use, minor units, typed message id)
    FUND_CONTRIBUTE = "sfc"  # a coordinator puts money in the group's own fund: ask how much (group)
    FUND_CONTRIBUTED = "sfk"  # record the contribution drafted, once (draft token)
    FUND_TAKE_BACK = "sfx"  # a repayment recorded by mistake: take it back by a new entry, once (ledger entry)
