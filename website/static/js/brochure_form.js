/*
 * Brochure form: progressive enhancement of leads/components/brochure_form.html.
 *
 * Without this script the form posts normally and the server answers with the
 * thank-you page or the form again. With it:
 * - the campaign (UTM parameters) and the referring site go into the hidden fields, read
 *   from this page's address and document.referrer only: nothing is stored on or read from
 *   the device. A campaign link that landed on the page before this one (an article that
 *   led here) is still known, because that page is this one's referrer;
 * - pages may come from a full-page cache, so the form start time is fetched from a
 *   never-cached endpoint on load, and again before sending, together with a CSRF token
 *   for a browser that does not say where its requests come from (modern browsers do, and
 *   get no token and no cookie);
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

    var UTM = ["utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content"];
    var EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/;

    /* At most `limit` characters, never half of one (an emoji is two UTF-16 units). */
    function cut(value, limit) {
        return Array.from(value).slice(0, limit).join("");
    }

    function utmFrom(search) {
        var params = new URLSearchParams(search);
        var found = {};
        UTM.forEach(function (name) {
            var value = (params.get(name) || "").trim();
            if (value) {
                found[name] = cut(value, 100);
            }
        });
        return found;
    }

    /* The page before this one, when it was one of ours. */
    function ownReferrer() {
        try {
            var previous = new URL(document.referrer);
            return previous.origin === window.location.origin ? previous : null;
        } catch (error) {
            return null;
        }
    }

    /* The campaign of this page's address; without one, that of the page of ours that led here
       (then the landing page); and the site the visitor came from when it is another one. */
    function attribution() {
        var utm = utmFrom(window.location.search);
        var previous = ownReferrer();
        var landing = "";
        if (!Object.keys(utm).length && previous) {
            utm = utmFrom(previous.search);
            landing = Object.keys(utm).length ? previous.href.slice(0, 500) : "";
        }
        return {
            utm: utm,
            landing_page: landing,
            referrer: previous ? "" : (document.referrer || "").slice(0, 500)
        };
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
        var headers = {Accept: "application/json"};
        if (token) {
            headers["X-CSRFToken"] = token; /* only a browser that does not say where it posts from gets one */
        }
        return window.fetch(form.action, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: headers
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

    function enhance(form, origin) {
        UTM.forEach(function (name) {
            setHidden(form, name, origin.utm[name]);
        });
        setHidden(form, "landing_page", origin.landing_page);
        setHidden(form, "referrer", origin.referrer);

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
        var origin = attribution();
        document.querySelectorAll("form.js-brochure-form").forEach(function (form) {
            enhance(form, origin);
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}());
