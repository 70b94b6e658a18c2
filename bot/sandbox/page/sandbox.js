/* The offline chat page: one person's chat with the bot, or a group they are in, played through /sandbox/api.
   No framework. */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('sandbox-config').textContent);
  var person = config.person, texts = config.texts, chatId = config.chat.id, isGroup = config.chat.type !== 'private';
  var MAX_PHOTO_SIDE = 1280;  // phones take photos far bigger than a chat needs; Telegram shrinks them too
  var WAIT = 25;  // seconds a long poll may wait for news
  var $ = function (id) { return document.getElementById(id); };
  var log = $('log'), input = $('text');
  var since = 0, shown = new Map(), lastKeyboard = 'null', lastCommands = '[]', toastTimer = null;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function pause(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  /* The JSON routes answer {"ok": true, "result": ...} or {"ok": false, "description": ...}. */
  async function call(method, path, body) {
    var options = {method: method, cache: 'no-store', headers: {}};
    if (body instanceof FormData) {
      options.body = body;
    } else if (body) {
      options.body = JSON.stringify(body);
      options.headers['Content-Type'] = 'application/json';
    }
    var response = await fetch(config.api + path, options);
    var data = await response.json().catch(function () { return {ok: false}; });
    if (!data.ok) {
      var error = new Error(data.description || response.statusText);
      error.status = response.status;
      throw error;
    }
    return data.result;
  }
  function register() { return call('POST', '/people', person); }

  /* Reading the chat: a long poll for what changed since the last revision seen. */
  async function follow() {
    for (;;) {
      try {
        var result = await call('GET', '/chats/' + chatId + '?since=' + since + '&wait=' + WAIT + '&user_id=' + person.id);
        $('status').hidden = true;
        if (result.revision < since) { reset(); continue; }  // the sandbox restarted: start over
        apply(result);
      } catch (error) {
        $('status').hidden = false;
        // 404: the sandbox forgot this person (it restarted) or no bot has started yet.
        if (error.status === 404) await register().catch(function () {});
        await pause(2000);
      }
    }
  }

  function reset() {
    shown.forEach(function (node) { node.remove(); });
    shown.clear();
    since = 0;
  }

  function apply(result) {
    var atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 60;
    result.messages.forEach(show);
    since = result.revision;
    replyKeyboard(result.keyboard);
    commandMenu(result.commands);
    if (result.group) drawGroup(result.group);
    if (atBottom || result.messages.some(function (e) { return !e.from_bot; })) scrollDown();
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function show(entry) {
    var id = entry.message.message_id, old = shown.get(id);
    if (entry.deleted) {
      if (old) old.remove();
      shown.delete(id);
    } else {
      var node = render(entry);
      if (old) {
        old.replaceWith(node);
      } else {
        var later = Array.prototype.find.call(log.querySelectorAll('.msg'), function (m) { return +m.dataset.id > id; });
        log.insertBefore(node, later || null);
      }
      shown.set(id, node);
    }
    $('hint').hidden = shown.size > 0;
  }

  function render(entry) {
    var m = entry.message, mine = !entry.from_bot && m.from && m.from.id === person.id;
    var said = service(m);
    if (said) {
      var line = el('div', 'msg service', said);
      line.dataset.id = m.message_id;
      return line;
    }
    var node = el('div', 'msg ' + (entry.from_bot ? 'bot' : mine ? 'me' : 'other')), bubble = el('div', 'bubble');
    node.dataset.id = m.message_id;
    node.append(bubble);
    if (isGroup && !mine && m.from) bubble.append(el('div', 'name', fullName(m.from)));
    if (m.reply_to_message) bubble.append(el('div', 'quote', m.reply_to_message.text || m.reply_to_message.caption || '…'));
    if (m.photo && m.photo.length) bubble.append(photo(m.photo));
    if (m.document) bubble.append(documentLink(m.document));
    var text = m.text != null ? m.text : m.caption;
    var meta = el('span', 'meta', (m.edit_date ? texts.edited + ' · ' : '') + clock(m.date));
    if (text) {
      var body = el('div', 'text');
      body.append(formatted(text, m.entities || m.caption_entities || []), meta);
      bubble.append(body);
    } else {
      bubble.append(meta);
    }
    var rows = m.reply_markup && m.reply_markup.inline_keyboard;
    if (rows && rows.length) node.append(inlineKeyboard(rows, m.message_id));
    return node;
  }

  function fullName(user) { return user.first_name + (user.last_name ? ' ' + user.last_name : ''); }

  /* What a group's service message says ("Carmen added Ana"), or null for a message people wrote. */
  function service(m) {
    var who = m.from ? fullName(m.from) : '';
    if (m.group_chat_created || m.supergroup_chat_created) {
      return texts.group_created.replace('{name}', who).replace('{title}', m.chat.title || '');
    }
    if (m.new_chat_members) {
      return texts.added.replace('{name}', who).replace('{who}', m.new_chat_members.map(fullName).join(', '));
    }
    if (m.left_chat_member) return texts.removed.replace('{name}', who).replace('{who}', fullName(m.left_chat_member));
    return null;
  }

  /* A link to the bot (t.me/<bot>?start=...) opens this person's chat with it here, as Telegram would. */
  function local(url) {
    var name = config.bot_username, found = name && /^https?:\/\/t\.me\/([A-Za-z0-9_]+)\?start=([A-Za-z0-9_-]{1,64})$/i.exec(url);
    if (!found || found[1].toLowerCase() !== name.toLowerCase()) return null;
    var here = new URL(location.href);
    here.searchParams.delete('chat');
    here.searchParams.set('start', found[2]);
    return here.pathname + here.search;
  }

  function linkTo(node, url) {
    var inside = local(url);
    node.href = inside || url;
    if (!inside) {
      node.target = '_blank';
      node.rel = 'noopener';
    }
  }

  function clock(seconds) {
    return new Date(seconds * 1000).toLocaleTimeString(config.locale, {hour: '2-digit', minute: '2-digit'});
  }

  /* The largest size a phone screen needs (Telegram offers 90, 320, 800, 1280 px and the original). */
  function photo(sizes) {
    var best = sizes[0];
    sizes.forEach(function (size) { if (size.width <= 800 && size.width >= best.width) best = size; });
    var img = el('img');
    img.src = config.files + '/' + encodeURIComponent(best.file_id);
    img.width = best.width;
    img.height = best.height;
    img.alt = '';
    img.loading = 'lazy';
    return img;
  }

  /* A document is its file name, a link that downloads it. */
  function documentLink(document) {
    var link = el('a', 'document', document.file_name || document.file_id);
    link.href = config.files + '/' + encodeURIComponent(document.file_id);
    link.download = document.file_name || '';
    return link;
  }

  /* Telegram's entities as HTML. Offsets count UTF-16 units, as JavaScript strings do. */
  var TAGS = {bold: 'b', italic: 'i', underline: 'u', strikethrough: 's', code: 'code', pre: 'pre',
    blockquote: 'blockquote', expandable_blockquote: 'blockquote', spoiler: 'span', text_link: 'a', url: 'a'};

  function formatted(text, entities) {
    var fragment = document.createDocumentFragment(), cuts = [0, text.length];
    entities.forEach(function (e) { cuts.push(e.offset, e.offset + e.length); });
    cuts = cuts.filter(function (c, i) { return c >= 0 && c <= text.length && cuts.indexOf(c) === i; })
      .sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var from = cuts[i], to = cuts[i + 1], piece = document.createTextNode(text.slice(from, to));
      entities.forEach(function (e) {
        if (TAGS[e.type] && e.offset <= from && to <= e.offset + e.length) piece = wrap(piece, e, text);
      });
      fragment.append(piece);
    }
    return fragment;
  }

  function wrap(piece, entity, text) {
    var node = el(TAGS[entity.type], entity.type === 'spoiler' ? 'spoiler' : '');
    if (entity.type === 'spoiler') node.tabIndex = 0;
    if (node.tagName === 'A') {
      var url = entity.url || text.substr(entity.offset, entity.length);
      linkTo(node, /^https?:\/\//i.test(url) ? url : 'http://' + url);
    }
    node.append(piece);
    return node;
  }

  function inlineKeyboard(rows, messageId) {
    var box = el('div', 'inline');
    rows.forEach(function (row) {
      var line = el('div', 'row');
      row.forEach(function (button) {
        var node;
        if (button.url) {
          node = el('a', '', button.text);
          linkTo(node, button.url);
        } else {
          node = el('button', '', button.text);
          node.type = 'button';
          if (button.callback_data != null) {
            node.addEventListener('click', function () { press(node, messageId, button.callback_data); });
          } else {
            node.disabled = true;  // web apps, games, payments: not in the sandbox
          }
        }
        line.append(node);
      });
      box.append(line);
    });
    return box;
  }

  /* Acting as the person. */
  async function press(button, messageId, data) {
    if (button.classList.contains('busy')) return;
    button.classList.add('busy');
    try {
      var result = await call('POST', '/callbacks', {user_id: person.id, chat_id: chatId, message_id: messageId,
        callback_data: data});
      var answer = result.answer;
      if (answer && answer.text) (answer.show_alert ? alertBox : toast)(answer.text);
    } catch (error) {
      toast(error.status === 404 ? texts.button_gone : texts.not_sent);
    } finally {
      button.classList.remove('busy');
    }
  }

  async function send(text) {
    try {
      show(await call('POST', '/messages', {user_id: person.id, chat_id: chatId, text: text}));
      scrollDown();
      return true;
    } catch (error) {
      toast(texts.not_sent);
      return false;
    }
  }

  $('composer').addEventListener('submit', async function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    $('commands').hidden = true;
    if (!await send(text) && !input.value) input.value = text;
  });

  $('photo').addEventListener('change', async function () {
    var file = this.files[0];
    this.value = '';
    if (!file) return;
    var form = new FormData(), caption = input.value.trim();
    form.append('user_id', person.id);
    form.append('chat_id', chatId);
    if (caption) form.append('caption', caption);
    form.append('photo', await shrink(file), file.name || 'photo.jpg');
    try {
      show(await call('POST', '/photos', form));
      input.value = '';
      scrollDown();
    } catch (error) {
      toast(texts.not_sent);
    }
  });

  function shrink(file) {
    return new Promise(function (resolve) {
      var img = new Image(), url = URL.createObjectURL(file);
      img.onload = function () {
        URL.revokeObjectURL(url);
        var scale = Math.min(1, MAX_PHOTO_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
        if (scale === 1 && file.size < 1000000) return resolve(file);
        var canvas = el('canvas');
        canvas.width = Math.round(img.naturalWidth * scale);
        canvas.height = Math.round(img.naturalHeight * scale);
        canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height);
        canvas.toBlob(function (blob) { resolve(blob || file); }, 'image/jpeg', 0.85);
      };
      img.onerror = function () { URL.revokeObjectURL(url); resolve(file); };
      img.src = url;
    });
  }

  /* The reply keyboard and the command menu, redrawn only when they change. */
  function replyKeyboard(rows) {
    var key = JSON.stringify(rows);
    if (key === lastKeyboard) return;
    lastKeyboard = key;
    var box = $('keyboard');
    box.textContent = '';
    (rows || []).forEach(function (row) {
      var line = el('div', 'row');
      row.forEach(function (text) {
        var button = el('button', '', text);
        button.type = 'button';
        button.addEventListener('click', function () { send(text); });
        line.append(button);
      });
      box.append(line);
    });
    box.hidden = !rows || !rows.length;
  }

  function commandMenu(commands) {
    var key = JSON.stringify(commands || []);
    if (key === lastCommands) return;
    lastCommands = key;
    var box = $('commands');
    box.textContent = '';
    (commands || []).forEach(function (c) {
      var button = el('button');
      button.type = 'button';
      button.append(el('b', '', '/' + c.command), c.description);
      button.addEventListener('click', function () { box.hidden = true; send('/' + c.command); });
      box.append(button);
    });
    $('menu').hidden = !commands || !commands.length;
  }

  $('menu').addEventListener('click', function () {
    var box = $('commands');
    box.hidden = !box.hidden;
    this.setAttribute('aria-expanded', String(!box.hidden));
  });

  /* How the bot's answers to button presses show: a toast, or an alert to dismiss. */
  function toast(text) {
    var box = $('toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { box.hidden = true; }, 3500);
  }

  function alertBox(text) {
    $('alert-text').textContent = text;
    $('alert').hidden = false;
    $('alert-ok').focus();
  }
  $('alert-ok').addEventListener('click', function () { $('alert').hidden = true; input.focus(); });

  /* Opened from a link to the bot: Telegram shows a Start button that sends /start with the link's payload. */
  if (config.start) {
    $('start').hidden = false;
    $('start').addEventListener('click', async function () {
      if (!await send('/start ' + config.start)) return;
      this.hidden = true;
      var here = new URL(location.href);
      here.searchParams.delete('start');
      history.replaceState(null, '', here.pathname + here.search);
    });
  }

  /* Groups: make one, add people and the bot; the page of a group shows who is in it. */
  function openChat(id) {
    var here = new URL(location.href);
    here.searchParams.delete('start');
    here.searchParams.set('chat', id);
    location.assign(here.pathname + here.search);
  }

  $('new-group').addEventListener('submit', async function (event) {
    event.preventDefault();
    try {
      var made = await call('POST', '/groups', {user_id: person.id, title: $('group-title').value});
      openChat(made.chat.id);
    } catch (error) {
      toast(texts.not_sent);
    }
  });

  var inGroup = [];
  function drawGroup(group) {
    inGroup = group.members.map(function (u) { return u.id; });
    $('member-names').textContent = group.members.map(fullName).join(', ');
    var list = $('members');
    list.textContent = '';
    group.members.forEach(function (u) { list.append(el('li', '', fullName(u))); });
    var candidates = $('candidate'), chosen = candidates.value;
    candidates.textContent = '';
    config.people.forEach(function (u) {
      if (inGroup.indexOf(u.id) >= 0) return;
      var option = el('option', '', fullName(u));
      option.value = u.id;
      candidates.append(option);
    });
    if (chosen) candidates.value = chosen;
    var toggle = $('bot-toggle');
    toggle.dataset.present = group.bot_in_group ? '1' : '';
    toggle.textContent = group.bot_in_group ? toggle.dataset.remove : toggle.dataset.add;
  }

  async function changeGroup(path, body) {
    try {
      drawGroup(await call('POST', '/groups/' + chatId + path, Object.assign({user_id: person.id}, body)));
    } catch (error) {
      toast(texts.not_sent);
    }
  }

  if (isGroup) {
    $('add-member').addEventListener('submit', function (event) {
      event.preventDefault();
      var id = +$('candidate').value, member = config.people.find(function (u) { return u.id === id; });
      if (member) changeGroup('/members', {member: member});
    });
    $('bot-toggle').addEventListener('click', function () {
      changeGroup('/bot', {present: !this.dataset.present});
    });
  }

  register().catch(function () {}).then(follow);
})();
