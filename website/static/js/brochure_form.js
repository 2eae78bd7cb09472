/*
 * Brochure form: progressive enhancement of leads/components/brochure_form.html.
 *
 * Without this script the form posts normally and the server answers with the
 * thank-you page or the form again. With it:
 * - the first page of the visit (landing page, referrer, UTM parameters) is kept in
 *   sessionStorage and copied into the hidden fields of every brochure form;
 * - pages may come from a full-page cache, so the form start time and a CSRF token
 *   are fetched from a never-cached endpoint (start time on load, token before sending);
 * - the start-time token fetched on load is the proof that this browser runs our
 *   script: with it, a form filled in by autofill and sent at once is not spam (on a
 *   slow network the one fetched to send stands in when the first is not back yet);
 * - fields are checked inline with the server's Dutch messages (also the maximum
 *   length: the inputs have no maxlength, which would cut a pasted value silently);
 * - the form is sent with fetch, and on success the browser goes to the same
 *   thank-you URL as without JavaScript, so back, forward, reload and bookmarks work;
 * - a refusal (rate limit, expired page, no connection) is shown in sight: the message
 *   is scrolled into view and focused, and announced (role="alert");
 * - in the page editor's preview the thank-you replaces the form (nothing is stored).
 */
(function () {
    "use strict";

    var STORE_KEY = "covalis.landing";
    var UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
    var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

    function readStore() {
        try {
            return JSON.parse(window.sessionStorage.getItem(STORE_KEY)) || null;
        } catch (error) {
            return null;
        }
    }

    function writeStore(value) {
        try {
            window.sessionStorage.setItem(STORE_KEY, JSON.stringify(value));
        } catch (error) {
            /* private mode or storage full: the server falls back to the Referer */
        }
    }

    function utmFromUrl() {
        var params = new URLSearchParams(window.location.search);
        var found = {};
        UTM.forEach(function (name) {
            if (params.get(name)) {
                found[name] = params.get(name).slice(0, 100);
            }
        });
        return found;
    }

    /* The first page of this visit; a later campaign click replaces the UTM values. */
    function rememberLanding() {
        var stored = readStore();
        var utm = utmFromUrl();
        var hasUtm = Object.keys(utm).length > 0;
        if (!stored) {
            stored = {
                landing_page: window.location.href.slice(0, 500),
                referrer: (document.referrer || "").slice(0, 500),
                utm: utm
            };
            writeStore(stored);
        } else if (hasUtm) {
            stored.utm = utm;
            writeStore(stored);
        }
        return stored;
    }

    function setHidden(form, name, value) {
        var input = form.elements.namedItem(name);
        if (input && value && !input.value) {
            input.value = value;
        }
    }

    function fetchToken(form) {
        return window.fetch(form.dataset.tokenUrl, {
            credentials: "same-origin",
            headers: {Accept: "application/json"},
            cache: "no-store"
        }).then(function (response) {
            if (!response.ok) {
                throw new Error("token " + response.status);
            }
            return response.json();
        });
    }

    /* A start time from the server (the token endpoint, or a form shown again) in place of the
       page's own: only our script gets one, which is the proof that weighs against a fast fill-in. */
    function useStarted(form, value) {
        var started = form.elements.namedItem("form_started");
        if (started && value) {
            started.value = value;
            form.dataset.startedByScript = "1";
        }
    }

    function errorElement(field) {
        var id = field.getAttribute("aria-describedby");
        return id ? document.getElementById(id) : null;
    }

    function showError(field, message) {
        var element = errorElement(field);
        var wrapper = field.closest(".brochure-form__field");
        if (message) {
            field.setAttribute("aria-invalid", "true");
        } else {
            field.removeAttribute("aria-invalid");
        }
        if (wrapper) {
            wrapper.classList.toggle("brochure-form__field--error", Boolean(message));
        }
        if (element) {
            element.textContent = message || "";
            element.hidden = !message;
        }
    }

    /* Characters as the server counts them: an emoji or a rare Chinese character is one,
       though JavaScript's length counts it as two. */
    function characters(value) {
        return Array.from(value).length;
    }

    function check(field) {
        var value = (field.value || "").trim();
        var message = "";
        if (field.hasAttribute("required") && !value) {
            message = field.dataset.msgRequired || "";
        } else if (value && field.name === "email" && !EMAIL.test(value)) {
            message = field.dataset.msgInvalid || "";
        } else if (value && field.dataset.maxLength && characters(value) > Number(field.dataset.maxLength)) {
            message = field.dataset.msgMaxLength || "";
        } else if (value && field.name === "phone" && field.pattern && !new RegExp("^(?:" + field.pattern + ")$").test(value)) {
            message = field.dataset.msgInvalid || "";
        }
        showError(field, message);
        return !message;
    }

    function visibleFields(form) {
        return Array.prototype.filter.call(form.elements, function (field) {
            return field.getAttribute("aria-describedby") && field.type !== "checkbox";
        });
    }

    /* The message box at the top of the form; with text, brought into sight and focused
       (on a phone it is far above the button that was tapped). */
    function showMessage(form, text) {
        var box = form.querySelector(".js-brochure-message");
        if (!box) {
            return;
        }
        box.textContent = "";
        if (text) {
            var paragraph = document.createElement("p");
            paragraph.textContent = text;
            box.appendChild(paragraph);
        }
        box.hidden = !text;
        if (text) {
            box.focus({preventScroll: true});
            box.scrollIntoView({block: "center"});
        }
    }

    /* Tell the page counter (measure.js) which fields were refused: their names, never their values. */
    function reportRefused(form, names) {
        if (names.length && typeof window.CustomEvent === "function") {
            form.dispatchEvent(new CustomEvent("measure:refused", {detail: {fields: names}}));
        }
    }

    /* Each field's messages next to it; returns the messages that belong to no visible
       field (the course that no longer exists), to show in the message box. */
    function showServerErrors(form, errors) {
        var first = null;
        var shown = {};
        reportRefused(form, Object.keys(errors).filter(function (name) {
            var field = form.elements.namedItem(name);
            return field && field.type !== "hidden";
        }));
        visibleFields(form).forEach(function (field) {
            var messages = errors[field.name];
            shown[field.name] = true;
            showError(field, messages ? messages.join(" ") : "");
            if (messages && !first) {
                first = field;
            }
        });
        if (first) {
            first.focus();
        }
        return Object.keys(errors).filter(function (name) {
            return !shown[name];
        }).map(function (name) {
            return errors[name].join(" ");
        }).join(" ").trim();
    }

    /* No connection at all: fetch itself fails. Any answer, even an odd one, is not that. */
    function NetworkFailure() {}

    function post(form, token) {
        var data = new FormData(form);
        return window.fetch(form.action, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {Accept: "application/json", "X-CSRFToken": token}
        }).catch(function () {
            throw new NetworkFailure();
        }).then(function (response) {
            return response.json().then(function (body) {
                return {status: response.status, body: body};
            });
        });
    }

    function showThanks(form, html) {
        var section = form.closest(".brochure-form") || form;
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var thanks = holder.firstElementChild;
        section.replaceWith(thanks);
        thanks.focus();
    }

    function send(form, button) {
        var retried = false;

        function attempt() {
            return fetchToken(form).catch(function () {
                throw new NetworkFailure();
            }).then(function (values) {
                /* The start time asked for on load is not back yet (a slow network) or never came:
                   this one proves the script as well, and the page's own may be a second old. */
                if (!form.dataset.startedByScript) {
                    useStarted(form, values.formStarted);
                }
                return post(form, values.csrfToken);
            }).then(function (result) {
                var body = result.body;
                if (body.ok && body.redirect) {
                    /* The thank-you page of its own, as without JavaScript. */
                    window.location.assign(body.redirect);
                    return;
                }
                if (body.ok) {
                    showThanks(form, body.html); /* the editor's preview: nothing to go to */
                    return;
                }
                if (!retried && (result.status === 403 || body.formStarted)) {
                    /* The token went stale between fetch and post, or the page stood open
                       longer than a start time lasts (a new one came along): once more. */
                    retried = true;
                    useStarted(form, body.formStarted);
                    return attempt();
                }
                var errors = body.errors || {};
                var rest = showServerErrors(form, errors);
                var text = [body.message || "", rest].join(" ").trim();
                if (text) {
                    showMessage(form, text);
                } else if (!Object.keys(errors).length) {
                    showMessage(form, form.dataset.msgFailed || "");
                }
            });
        }

        button.disabled = true;
        form.setAttribute("aria-busy", "true");
        return attempt().catch(function (error) {
            if (error instanceof NetworkFailure) {
                /* No connection: say so where it is seen, and keep everything typed. */
                showMessage(form, form.dataset.msgFailed || "");
                return;
            }
            /* An answer the script does not understand: let the browser post the form itself. */
            form.submit();
        }).then(function () {
            button.disabled = false;
            form.removeAttribute("aria-busy");
        });
    }

    function enhance(form, landing) {
        var fromUrl = utmFromUrl();
        var utm = Object.keys(fromUrl).length ? fromUrl : (landing && landing.utm) || {};
        UTM.forEach(function (name) {
            setHidden(form, name, utm[name]);
        });
        if (landing) {
            setHidden(form, "landing_page", landing.landing_page);
            setHidden(form, "referrer", landing.referrer);
        }

        /* A page from the cache carries an old start time: count from this page view. */
        if (!form.elements.namedItem("csrfmiddlewaretoken")) {
            fetchToken(form).then(function (values) {
                useStarted(form, values.formStarted);
            }).catch(function () {
                /* keep the start time from the page */
            });
        }

        form.noValidate = true;
        visibleFields(form).forEach(function (field) {
            field.addEventListener("blur", function () {
                if (field.value || field.dataset.touched) {
                    check(field);
                }
                field.dataset.touched = "1";
            });
            field.addEventListener("input", function () {
                if (field.getAttribute("aria-invalid") === "true") {
                    check(field);
                }
            });
        });

        form.addEventListener("submit", function (event) {
            var button = form.querySelector("[type=submit]");
            var invalid = visibleFields(form).filter(function (field) {
                return !check(field);
            });
            event.preventDefault();
            if (invalid.length) {
                reportRefused(form, invalid.map(function (field) {
                    return field.name;
                }));
                invalid[0].focus();
                return;
            }
            if (!window.fetch || !window.FormData) {
                form.submit();
                return;
            }
            showMessage(form, "");
            send(form, button);
        });
    }

    function init() {
        var landing = rememberLanding();
        document.querySelectorAll("form.js-brochure-form").forEach(function (form) {
            enhance(form, landing);
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}());
