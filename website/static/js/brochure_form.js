/*
 * Brochure form: progressive enhancement of leads/components/brochure_form.html.
 *
 * Without this script the form posts normally and the server answers with the
 * thank-you page or the form again. With it:
 * - the first page of the visit (landing page, referrer, UTM parameters) is kept in
 *   sessionStorage and copied into the hidden fields of every brochure form;
 * - pages may come from a full-page cache, so the form start time and a CSRF token
 *   are fetched from a never-cached endpoint (start time on load, token before sending);
 * - fields are checked inline with the server's Dutch messages, and the form is sent
 *   with fetch: the thank-you block replaces the form without a full reload.
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

    function check(field) {
        var value = (field.value || "").trim();
        var message = "";
        if (field.hasAttribute("required") && !value) {
            message = field.dataset.msgRequired || "";
        } else if (value && field.name === "email" && !EMAIL.test(value)) {
            message = field.dataset.msgInvalid || "";
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
    }

    /* Tell the page counter (measure.js) which fields were refused: their names, never their values. */
    function reportRefused(form, names) {
        if (names.length && typeof window.CustomEvent === "function") {
            form.dispatchEvent(new CustomEvent("measure:refused", {detail: {fields: names}}));
        }
    }

    function showServerErrors(form, errors) {
        var first = null;
        reportRefused(form, Object.keys(errors).filter(function (name) {
            var field = form.elements.namedItem(name);
            return field && field.type !== "hidden";
        }));
        visibleFields(form).forEach(function (field) {
            var messages = errors[field.name];
            showError(field, messages ? messages.join(" ") : "");
            if (messages && !first) {
                first = field;
            }
        });
        if (first) {
            first.focus();
        }
    }

    function post(form, token) {
        var data = new FormData(form);
        return window.fetch(form.action, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {Accept: "application/json", "X-CSRFToken": token}
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
            return fetchToken(form).then(function (values) {
                return post(form, values.csrfToken);
            }).then(function (result) {
                if (result.body.ok) {
                    showThanks(form, result.body.html);
                    return;
                }
                if (result.status === 403 && !retried) {
                    retried = true; /* the token went stale between fetch and post: once more */
                    return attempt();
                }
                showMessage(form, result.body.message || "");
                showServerErrors(form, result.body.errors || {});
            });
        }

        button.disabled = true;
        form.setAttribute("aria-busy", "true");
        return attempt().catch(function () {
            /* No network or an unexpected answer: let the browser post the form itself. */
            showMessage(form, form.dataset.msgFailed || "");
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
                var started = form.elements.namedItem("form_started");
                if (started && values.formStarted) {
                    started.value = values.formStarted;
                }
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
