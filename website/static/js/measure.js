/*
 * The site's own page counter: no cookie, no storage, no identifier, nothing from elsewhere.
 *
 * Pages that are counted carry data attributes on <body> (website/measurement.py): the page's
 * signed token and the endpoint on our own origin. This script tells that endpoint, with
 * navigator.sendBeacon (or fetch with keepalive):
 * - that the page was viewed, with the referring site (its domain only, and only when it is
 *   another site) and the utm_source/utm_medium/utm_campaign of this URL;
 * - per form marked data-measure-form: that it scrolled into view, that its first field
 *   changed, and when it was refused, which fields (their names; the form's own script
 *   reports them with a "measure:refused" event). Never what was typed.
 * Because it runs in the browser, pages served from the full-page cache or a CDN count too.
 * A page the browser shows again from its back/forward cache (the script does not run again)
 * counts as a view again, as it does when the browser loads it anew.
 * Editors and previews get no data attributes, so they send nothing.
 */
(function () {
    "use strict";

    var UTM = ["utm_source", "utm_medium", "utm_campaign"];
    var MAX_LENGTH = 100;
    /* A host name as the endpoint takes it (leads.insight.services.DOMAIN_RE). */
    var DOMAIN = /^[a-z0-9](?:[a-z0-9.-]{0,98}[a-z0-9])?$/;

    var body = document.body;
    var token = body && body.dataset.measure;
    var endpoint = body && body.dataset.measureUrl;
    if (!token || !endpoint) {
        return;
    }

    function send(payload) {
        payload.p = token;
        var data = JSON.stringify(payload);
        try {
            /* text/plain: a simple request, same origin, with no preflight. */
            if (navigator.sendBeacon && navigator.sendBeacon(endpoint, new Blob([data], {type: "text/plain"}))) {
                return;
            }
        } catch (error) {
            /* fall back to fetch below */
        }
        if (window.fetch) {
            window.fetch(endpoint, {
                method: "POST",
                body: data,
                keepalive: true,
                credentials: "same-origin",
                headers: {"Content-Type": "text/plain"}
            }).catch(function () {
                /* a lost count is no error for the visitor */
            });
        }
    }

    /* The referring site, or "" when it is ours or a name the endpoint would refuse (the view
       still counts, without it). */
    function referringSite() {
        if (!document.referrer) {
            return "";
        }
        try {
            var host = new URL(document.referrer).hostname.replace(/\.$/, "");
            return host === window.location.hostname || !DOMAIN.test(host) ? "" : host;
        } catch (error) {
            return "";
        }
    }

    /* A value as the endpoint takes it: one line (control characters dropped), at most
       MAX_LENGTH characters and never half of one (an emoji is two UTF-16 units). */
    function clean(value) {
        var text = value.replace(/[\u0000-\u001f\u007f]/g, "").trim();
        return Array.from(text).slice(0, MAX_LENGTH).join("").trim();
    }

    function campaign() {
        var params = new URLSearchParams(window.location.search);
        var found = {};
        UTM.forEach(function (name) {
            var value = clean(params.get(name) || "");
            if (value) {
                found[name] = value;
            }
        });
        return found;
    }

    function countView() {
        send({e: "view", r: referringSite(), u: campaign()});
    }

    /* Watches one form; returns what starts it over for a new view of the page. */
    function watchForm(form) {
        var seen = false;
        var started = false;
        var observer = null;

        /* Seen: half the form in view, or (a form taller than the screen) half the screen filled by it. */
        function watchSeen() {
            if (!("IntersectionObserver" in window)) {
                return;
            }
            observer = new IntersectionObserver(function (entries) {
                entries.forEach(function (entry) {
                    var half = entry.intersectionRatio >= 0.5 ||
                        entry.intersectionRect.height >= window.innerHeight / 2;
                    if (entry.isIntersecting && half && !seen) {
                        seen = true;
                        observer.disconnect();
                        send({e: "seen"});
                    }
                });
            }, {threshold: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.75, 1]});
            observer.observe(form);
        }
        watchSeen();

        function start(event) {
            var field = event.target;
            if (started || !field || !field.name || field.type === "hidden") {
                return;
            }
            started = true;
            send({e: "start"});
        }
        form.addEventListener("input", start);
        form.addEventListener("change", start);

        form.addEventListener("measure:refused", function (event) {
            var names = (event.detail && event.detail.fields) || [];
            if (names.length) {
                send({e: "refuse", f: names.slice(0, 20)});
            }
        });

        return function startOver() {
            if (observer) {
                observer.disconnect();
            }
            seen = false;
            started = false;
            watchSeen();
        };
    }

    var forms = [];

    function init() {
        document.querySelectorAll("form[data-measure-form]").forEach(function (form) {
            forms.push(watchForm(form));
        });
    }

    /* A page the browser prerenders is counted only when the visitor actually opens it. */
    if (document.prerendering) {
        document.addEventListener("prerenderingchange", countView, {once: true});
    } else {
        countView();
    }
    /* Back or forward to a page kept in the browser's back/forward cache: a new view, as when
       the page loads anew (then this script runs again and counts it above). */
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            countView();
            forms.forEach(function (startOver) {
                startOver();
            });
        }
    });
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}());
