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
 * Editors and previews get no data attributes, so they send nothing.
 */
(function () {
    "use strict";

    var UTM = ["utm_source", "utm_medium", "utm_campaign"];
    var MAX_LENGTH = 100;

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

    function referringSite() {
        if (!document.referrer) {
            return "";
        }
        try {
            var host = new URL(document.referrer).hostname;
            return host === window.location.hostname ? "" : host.slice(0, MAX_LENGTH);
        } catch (error) {
            return "";
        }
    }

    function campaign() {
        var params = new URLSearchParams(window.location.search);
        var found = {};
        UTM.forEach(function (name) {
            var value = (params.get(name) || "").trim();
            if (value) {
                found[name] = value.slice(0, MAX_LENGTH);
            }
        });
        return found;
    }

    function countView() {
        send({e: "view", r: referringSite(), u: campaign()});
    }

    function watchForm(form) {
        var seen = false;
        var started = false;

        /* Seen: half the form in view, or (a form taller than the screen) half the screen filled by it. */
        if ("IntersectionObserver" in window) {
            var observer = new IntersectionObserver(function (entries) {
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
    }

    function init() {
        document.querySelectorAll("form[data-measure-form]").forEach(watchForm);
    }

    /* A page the browser prerenders is counted only when the visitor actually opens it. */
    if (document.prerendering) {
        document.addEventListener("prerenderingchange", countView, {once: true});
    } else {
        countView();
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}());
