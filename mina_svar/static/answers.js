// The stylesheet came inside this page (the browser did not have the file): fetch the file once the page
// is drawn and the browser is idle, so that the pages after this one link it from the cache (assets.py).
// Not sooner: on a slow network it would take a connection the page needs for its first paint.
(function () {
  "use strict";
  var file = document.documentElement.dataset.stylesheet;
  if (!file) {
    return;
  }
  var later = window.requestIdleCallback || window.setTimeout;
  function fetchFile() {
    var link = document.createElement("link");
    link.rel = "prefetch";
    link.href = file;
    document.head.appendChild(link);
  }
  window.addEventListener("load", function () {
    if (!window.PerformanceObserver || (PerformanceObserver.supportedEntryTypes || []).indexOf("paint") < 0) {
      later(fetchFile);
      return;
    }
    new PerformanceObserver(function (entries, observer) {
      observer.disconnect();
      later(fetchFile);
    }).observe({type: "paint", buffered: true});
  });
})();

// A young person's answers, kept on the phone until the server has them.
//
// Each answer given is put in a queue in localStorage (under the Läget and an
// opaque key of the response; no personal data) and sent in order, one at a
// time. An answer leaves the queue only when the server has acknowledged it;
// an answer that did not get through (offline, a timeout, a server error) is
// tried again with growing pauses, when the phone is back online, and when
// the page is opened again, even after the tab was closed. Without
// JavaScript the form sends the whole page with "Next".
(function () {
  "use strict";
  var form = document.getElementById("answers");
  if (!form || !form.dataset.queue || !window.fetch || !document.getElementById("save-status")) {
    return;
  }
  var storeKey = "mina-svar:" + form.dataset.queue;
  var status = document.getElementById("save-status");
  // The pauses between tries; the browser tests shorten them (POLL_SCALE) rather than wait.
  var scale = Number(form.dataset.pauseScale) || 1;
  var TIMEOUT = 10000, FIRST_PAUSE = 1000 * scale, LONGEST_PAUSE = 30000 * scale;
  var pause = FIRST_PAUSE, sending = false, timer = null;
  var stayed = null;  // why "Next" did not go on (offline), said until the connection is back
  // The question answered last: what became of its answer is said beside it, where the young person is
  // looking, and announced from there (not from the line at the bottom of the page as well).
  var last = null;
  status.removeAttribute("role");
  document.querySelectorAll("[data-question-status]").forEach(function (mark) {
    mark.setAttribute("role", "status");
  });

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(storeKey)) || [];
    } catch (error) {
      return [];
    }
  }
  function store(items) {
    try {
      if (items.length) {
        window.localStorage.setItem(storeKey, JSON.stringify(items));
      } else {
        window.localStorage.removeItem(storeKey);
      }
    } catch (error) { /* private mode without storage: the queue lives as long as the page */ }
  }
  var queue = load();
  function save(items) { queue = items; store(items); }

  // "sending": a quiet mark beside the answer; "waiting": a send failed, or the phone is offline.
  function say(state, text) {
    var shown = text || status.dataset[state];
    if (status.textContent !== shown) {
      status.textContent = shown;
    }
    status.dataset.state = state;
    document.querySelectorAll("[data-question-status]").forEach(function (mark) {
      var name = mark.dataset.questionStatus;
      var waiting = queue.some(function (item) { return item.name === name; });
      var beside = "", markState = waiting ? "waiting" : state;
      if (name === last) {
        beside = state === "saved" && !waiting ? status.dataset.saved
          : state === "waiting" ? status.dataset.waitingMark : shown;
      } else if (waiting) {
        beside = status.dataset.waitingMark;
      }
      if (mark.textContent !== beside) {
        mark.textContent = beside;
      }
      mark.dataset.state = markState;
    });
  }

  function give(name, value) {
    last = name;
    var items = queue.filter(function (item) { return item.name !== name; });
    items.push({url: form.getAttribute("action"), name: name, value: value});
    save(items);
    say("sending");
    send();
  }

  function retryLater(text) {
    say("waiting", stayed || text);
    window.clearTimeout(timer);
    timer = window.setTimeout(send, pause);
    pause = Math.min(pause * 2, LONGEST_PAUSE);
  }

  function send() {
    if (sending) {
      return;
    }
    var items = queue;
    if (!items.length) {
      say("saved");
      return;
    }
    var item = items[0];
    var body = new URLSearchParams();
    body.append("csrf_token", form.querySelector("[name=csrf_token]").value);
    body.append(item.name, item.value);
    var controller = window.AbortController ? new AbortController() : null;
    var timeout = window.setTimeout(function () { if (controller) { controller.abort(); } }, TIMEOUT);
    sending = true;
    window.fetch(item.url, {method: "POST", body: body, headers: {"HX-Request": "true"},
                            credentials: "same-origin", signal: controller && controller.signal})
      .then(function (response) {
        return response.text().then(function (text) {
          return {status: response.status, text: text, away: response.headers.get("HX-Redirect")};
        });
      })
      .then(function (answer) {
        window.clearTimeout(timeout);
        sending = false;
        if (answer.away) {  // this phone's response is gone (its cookie lost): start again from the welcome
          window.location.assign(answer.away);
          return;
        }
        if (answer.status >= 500 || answer.status === 408 || answer.status === 429) {
          retryLater();
          return;
        }
        // Acknowledged, or refused for good (closed, already sent, not an answer): either way it leaves
        // the queue (an answer given anew meanwhile is another entry, and stays).
        save(queue.filter(function (other) { return other !== item; }));
        pause = FIRST_PAUSE;
        if (answer.status >= 400) {
          var message = document.createElement("div");
          message.innerHTML = answer.text;
          say("refused", message.textContent.trim());
        }
        if (queue.length) {
          send();
        } else if (answer.status < 400) {
          say("saved");
        }
      })
      .catch(function () {
        window.clearTimeout(timeout);
        sending = false;
        retryLater(navigator.onLine === false ? status.dataset.offline : null);
      });
  }

  // What this phone gave but the server may not have yet: shown on the page, then sent.
  queue.forEach(function (item) {
    if (item.url !== form.getAttribute("action")) {
      return;
    }
    form.querySelectorAll("[name='" + item.name + "']").forEach(function (input) {
      if (input.type === "radio") {
        input.checked = input.value === item.value;
      } else if (input.type === "checkbox") {
        input.checked = item.value.split(",").indexOf(input.value) !== -1;
      } else if (input.type !== "hidden") {
        input.value = item.value;
      }
    });
  });

  form.addEventListener("keydown", function (event) {
    // Enter on a chosen answer would send the whole page and go on: a young person checking their answer
    // with the keyboard stays where they are.
    if (event.key === "Enter" && (event.target.type === "radio" || event.target.type === "checkbox")) {
      event.preventDefault();
    }
  });
  // Skip logic: a question asked only when earlier answers say so shows and hides as they change; the
  // answers from other pages come with the page (data-known).
  var known = form.dataset.known ? JSON.parse(form.dataset.known) : {};
  // An answer as it is sent: the option chosen, those ticked joined by commas, or the words written ("":
  // none yet).
  function answerOf(name) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    if (!inputs.length) { return known[name] || ""; }
    return Array.prototype.filter.call(inputs, function (input) {
      return input.type === "radio" || input.type === "checkbox" ? input.checked : input.type !== "hidden";
    }).map(function (input) { return input.value.trim(); }).filter(Boolean).join(",");
  }
  function showAsked() {
    form.querySelectorAll("[data-shown-if]").forEach(function (question) {
      var condition = JSON.parse(question.dataset.shownIf);
      var atoms = condition.all || condition.any || [];
      var results = atoms.map(function (atom) {
        if (atom.op === "has") {  // among the options ticked
          return answerOf(atom.name).split(",").indexOf(atom.value) !== -1;
        }
        var equal = answerOf(atom.name) === atom.value;
        return atom.op === "=" ? equal : !equal;
      });
      question.hidden = !(condition.all ? results.every(Boolean) : results.some(Boolean));
    });
  }
  showAsked();
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (/^q-\d+$/.test(input.name)) {
      if (input.type === "checkbox" && input.checked) {
        // "Don't know" stands alone: ticking it clears the options, ticking an option clears it.
        form.querySelectorAll('[name="' + input.name + '"]').forEach(function (other) {
          if (other !== input && other.type === "checkbox" && (input.hasAttribute("data-alone") ||
                                                               other.hasAttribute("data-alone"))) {
            other.checked = false;
          }
        });
      }
      give(input.name, input.type === "checkbox" ? answerOf(input.name) : input.value);
      showAsked();
    }
  });
  var typing = null, typed = null;
  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.tagName === "TEXTAREA" && /^q-\d+$/.test(input.name)) {
      typed = input;
      window.clearTimeout(typing);
      typing = window.setTimeout(function () { typing = null; give(input.name, input.value); }, 1000);
    }
  });
  // Back and Next: when the server has every answer of the page already, the next page is fetched
  // straight away, one round trip instead of two (a post, then its redirect). Words typed a moment ago,
  // or answers not yet acknowledged, go with the whole form as without JavaScript.
  form.addEventListener("submit", function (event) {
    var go = event.submitter && event.submitter.dataset.go;
    // A question marked "needed" (an XLSForm's required) is answered before Next goes on; the server
    // says the same to a phone without this script.
    if (event.submitter && event.submitter.value === "next") {
      var missing = Array.prototype.filter.call(form.querySelectorAll("[data-needed]"), function (question) {
        if (question.closest("[hidden]")) { return false; }  // skipped: not asked
        return answerOf(question.dataset.needed) === "";
      });
      Array.prototype.forEach.call(form.querySelectorAll("[data-needed]"), function (question) {
        question.classList.toggle("missing", missing.indexOf(question) !== -1);
      });
      if (missing.length) {
        event.preventDefault();
        status.setAttribute("role", "alert");
        status.textContent = status.dataset.neededMessage;
        missing[0].scrollIntoView({block: "center"});
        (missing[0].querySelector("input, textarea") || missing[0]).focus({preventScroll: true});
        return;
      }
    }
    if (navigator.onLine === false) {
      // No next page without a connection: stay here, with the answers, and say why.
      event.preventDefault();
      if (typing !== null) {  // the words typed a moment ago join the queue now
        window.clearTimeout(typing);
        typing = null;
        give(typed.name, typed.value);
      }
      stayed = status.dataset.offlineNext;
      status.setAttribute("role", "alert");
      say("waiting", stayed);
      return;
    }
    if (!go || typing !== null || queue.length) {
      window.clearTimeout(typing);
      return;
    }
    event.preventDefault();
    window.location.assign(go);
  });
  window.addEventListener("online", function () {
    stayed = null;
    status.removeAttribute("role");
    pause = FIRST_PAUSE;
    send();
  });
  if (queue.length) {
    send();
  }
})();

// Read-aloud: a "Listen" button beside a question (its words and its answers) or the introduction reads
// them with the phone's own speech synthesis, in the language each is written in. Nothing is sent
// anywhere. The buttons stay hidden on a phone without a voice for the page's language.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  var buttons = document.querySelectorAll("[data-listen]");
  if (!synth || !window.SpeechSynthesisUtterance || !buttons.length) {
    return;
  }
  var page = document.documentElement.lang;

  function base(lang) { return (lang || "").toLowerCase().split(/[-_]/)[0]; }
  function voiceFor(lang) {
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (base(voices[i].lang) === base(lang)) {
        return voices[i];
      }
    }
    return null;
  }
  function reveal() {
    var speaks = Boolean(voiceFor(page));
    buttons.forEach(function (button) { button.hidden = !speaks; });
  }
  function languageOf(element) {
    var marked = element.querySelector("[lang]") || element.closest("[lang]");
    return marked ? marked.getAttribute("lang") : page;
  }
  // What a button reads: the question (or text), then each answer, each part in its own language.
  function parts(target) {
    var found = [];
    target.querySelectorAll("[data-speak]").forEach(function (element) {
      var words = element.textContent.replace(/\s+/g, " ").trim();
      if (words) {
        found.push({text: words, lang: languageOf(element)});
      }
    });
    return found;
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.dataset.listen);
      if (!target) {
        return;
      }
      synth.cancel();
      parts(target).forEach(function (part) {
        var utterance = new window.SpeechSynthesisUtterance(part.text);
        utterance.lang = part.lang;
        var voice = voiceFor(part.lang);
        if (voice) {
          utterance.voice = voice;
        }
        synth.speak(utterance);
      });
    });
  });
  reveal();
  if (synth.addEventListener) {
    synth.addEventListener("voiceschanged", reveal);
  } else {
    synth.onvoiceschanged = reveal;
  }
})();
