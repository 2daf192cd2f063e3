// The chat page: asks this server for a Direct Line token (the secret never reaches the browser),
// keeps the conversation across reloads (sessionStorage), and renders Microsoft's Web Chat.
(function () {
  'use strict';

  var SESSION_KEY = 'wechat-helper.session';
  var DOMAIN = location.origin + '/v3/directline';

  // The browser's language picks the UI language; ?lang=en or ?lang=zh overrides it.
  function pickLocale() {
    var asked = new URLSearchParams(location.search).get('lang');
    var languages = asked ? [asked] : navigator.languages || [navigator.language || 'zh-CN'];
    for (var i = 0; i < languages.length; i++) {
      var lang = String(languages[i]).toLowerCase();
      if (lang.indexOf('zh') === 0) return 'zh-CN';
      if (lang.indexOf('en') === 0) return 'en-US';
    }
    return 'zh-CN';
  }

  var locale = pickLocale();
  var text = window.PAGE_TEXT[locale];
  document.documentElement.lang = locale;
  document.title = text.title;
  document.querySelectorAll('[data-text]').forEach(function (element) {
    element.textContent = text[element.getAttribute('data-text')];
  });

  var status = document.getElementById('status');
  function showStatus(message) {
    status.textContent = message || '';
    status.hidden = !message;
  }

  function readSession() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
      return saved && saved.conversationId && saved.token ? saved : null;
    } catch {
      return null;
    }
  }
  function saveSession(conversationId, token) {
    try {
      sessionStorage.setItem(SESSION_KEY, JSON.stringify({ conversationId: conversationId, token: token }));
    } catch {
      // Private mode may refuse storage: the chat still works, it just starts over on reload.
    }
  }

  // A saved conversation is resumed if the server still has it and the token is still valid;
  // otherwise a new token (for a new conversation) comes from this server.
  function getSession() {
    var saved = readSession();
    var resume = saved
      ? fetch(DOMAIN + '/conversations/' + encodeURIComponent(saved.conversationId), {
          headers: { Authorization: 'Bearer ' + saved.token },
        }).then(function (res) {
          return res.ok
            ? res.json().then(function (info) {
                return { conversationId: info.conversationId, token: info.token, resumed: true };
              })
            : null;
        })
      : Promise.resolve(null);
    return resume
      .catch(function () {
        return null;
      })
      .then(function (resumed) {
        if (resumed) return resumed;
        sessionStorage.removeItem(SESSION_KEY);
        return fetch('/api/webchat/token', { method: 'POST' }).then(function (res) {
          if (!res.ok) throw new Error('token ' + res.status);
          return res.json().then(function (fresh) {
            return { conversationId: fresh.conversationId, token: fresh.token, resumed: false };
          });
        });
      });
  }

  // Chinese input: the Enter that confirms an IME candidate must not send the message. Web Chat
  // sends on keypress Enter without looking at the composition, so stop such events before it.
  var composing = false;
  window.addEventListener(
    'compositionstart',
    function () {
      composing = true;
    },
    true,
  );
  window.addEventListener(
    'compositionend',
    function () {
      // Safari delivers the confirming Enter's keydown just after compositionend.
      setTimeout(function () {
        composing = false;
      }, 0);
    },
    true,
  );
  function imeGuard(event) {
    if (event.key !== 'Enter' || !(event.target instanceof Element) || !event.target.closest('#webchat')) return;
    if (!(composing || event.isComposing || event.keyCode === 229)) return;
    event.stopImmediatePropagation();
    // A keypress's default action would submit the send box's form; the IME's own keydown stays untouched.
    if (event.type === 'keypress') event.preventDefault();
  }
  window.addEventListener('keydown', imeGuard, true);
  window.addEventListener('keypress', imeGuard, true);

  var styleOptions = {
    accent: '#07C160',
    backgroundColor: '#F7F7F7',
    primaryFont: "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Segoe UI', sans-serif",
    bubbleBackground: '#FFFFFF',
    bubbleBorderRadius: 10,
    bubbleBorderWidth: 0,
    bubbleFromUserBackground: '#95EC69',
    bubbleFromUserBorderRadius: 10,
    bubbleFromUserBorderWidth: 0,
    bubbleMaxWidth: 520,
    botAvatarInitials: locale === 'zh-CN' ? '助' : 'WH',
    botAvatarBackgroundColor: '#07C160',
    userAvatarInitials: locale === 'zh-CN' ? '我' : 'Me',
    userAvatarBackgroundColor: '#576B95',
    suggestedActionLayout: 'flow',
    suggestedActionBorderRadius: 16,
    suggestedActionBorderColor: '#07C160',
    suggestedActionTextColor: '#06AD56',
    hideUploadButton: true,
    sendBoxButtonColor: '#07C160',
    rootHeight: '100%',
  };

  var directLine;
  function start() {
    showStatus(text.connecting);
    getSession()
      .then(function (session) {
        directLine = window.WebChat.createDirectLine({
          domain: DOMAIN,
          token: session.token,
          // Resuming: directlinejs asks GET /conversations/{id} for a new streamUrl, and the
          // stream replays the history, so the reloaded page shows the conversation so far.
          conversationId: session.resumed ? session.conversationId : undefined,
          webSocket: true,
          conversationStartProperties: { locale: locale },
        });
        directLine.connectionStatus$.subscribe(function (connection) {
          if (connection === 2) {
            showStatus('');
            saveSession(directLine.conversationId, directLine.token);
          } else if (connection === 4 || connection === 3) {
            sessionStorage.removeItem(SESSION_KEY);
            showStatus(text.failed);
          }
        });
        // directlinejs refreshes its token every 15 minutes; keep the saved copy current.
        setInterval(function () {
          if (directLine.conversationId) saveSession(directLine.conversationId, directLine.token);
        }, 60000);
        window.WebChat.renderWebChat(
          { directLine: directLine, locale: locale, styleOptions: styleOptions },
          document.getElementById('webchat'),
        );
        var box = document.querySelector('#webchat [data-id="webchat-sendbox-input"]');
        if (box) box.focus();
      })
      .catch(function () {
        showStatus(text.failed);
      });
  }

  window.addEventListener('pagehide', function () {
    if (directLine && directLine.conversationId) saveSession(directLine.conversationId, directLine.token);
  });
  document.getElementById('restart').addEventListener('click', function () {
    sessionStorage.removeItem(SESSION_KEY);
    location.reload();
  });

  start();
})();
