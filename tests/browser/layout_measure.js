// Measure the rendered page for layout defects a visitor would see. Run by test_layout.py
// with page.evaluate(); returns a list of problems, each a sentence naming the element.
//
// limits: {selector: max height in px, or a fraction of the viewport height when < 1}.
(limits) => {
    const problems = [];
    const vw = document.documentElement.clientWidth;
    const vh = window.innerHeight;
    const tolerance = 1;

    const describe = (el) => {
        const classes = (typeof el.className === "string" ? el.className : "").trim().split(/\s+/).filter(Boolean);
        const text = (el.innerText || el.getAttribute("alt") || el.getAttribute("src") || "").trim().replace(/\s+/g, " ");
        return `<${el.tagName.toLowerCase()}${classes.length ? "." + classes.join(".") : ""}> "${text.slice(0, 50)}"`;
    };
    // Deliberately off-screen or clipped for people: skip links, screen-reader text, the honeypot.
    const offScreenByDesign = (el) => Boolean(el.closest(".visually-hidden, .skip-link, .brochure-form__trap, [hidden]"));
    const visible = (el) => {
        if (offScreenByDesign(el)) return false;
        const style = getComputedStyle(el);
        if (style.display === "none" || style.visibility === "hidden") return false;
        const rect = el.getBoundingClientRect();
        return rect.width > 0 && rect.height > 0;
    };
    const blockAncestor = (node) => {
        let el = node.parentElement;
        while (el && ["inline", "contents"].includes(getComputedStyle(el).display)) el = el.parentElement;
        return el;
    };

    // 1. The page never scrolls sideways.
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth > vw + tolerance) {
        problems.push(`the page is ${scrollWidth} px wide in a ${vw} px viewport (horizontal scrolling)`);
    }

    // 2. No element reaches outside the viewport, no box's content spills out of it sideways.
    for (const el of document.body.querySelectorAll("*")) {
        if (!visible(el) || el.closest("svg")) continue;
        const rect = el.getBoundingClientRect();
        if (rect.left < -tolerance || rect.right > vw + tolerance) {
            problems.push(`${describe(el)} reaches outside the viewport (${Math.round(rect.left)}–${Math.round(rect.right)} px of ${vw})`);
            continue;
        }
        const style = getComputedStyle(el);
        const clips = ["hidden", "clip", "auto", "scroll"].includes(style.overflowX);
        if (!clips && style.display !== "inline" && el.scrollWidth > el.clientWidth + tolerance && el.clientWidth > 0) {
            problems.push(`${describe(el)}: its content is ${el.scrollWidth} px wide in a ${el.clientWidth} px box`);
        }
    }

    // 3. No text runs outside the box it belongs to (nor is cut off by it).
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const parent = node.parentElement;
        if (!parent || !visible(parent) || parent.closest("script, style, noscript, option, select")) continue;
        const box = blockAncestor(node);
        if (!box) continue;
        range.selectNodeContents(node);
        const text = range.getBoundingClientRect();
        const outer = box.getBoundingClientRect();
        if (text.width === 0) continue;
        if (text.left < outer.left - tolerance || text.right > outer.right + tolerance) {
            problems.push(`text "${node.textContent.trim().slice(0, 40)}" runs outside ${describe(box)} (${Math.round(text.left)}–${Math.round(text.right)} px in ${Math.round(outer.left)}–${Math.round(outer.right)} px)`);
        }
    }

    // 4. Images: loaded, inside their container, and no taller than their design intends.
    for (const img of document.body.querySelectorAll("img")) {
        if (!visible(img)) continue;
        const rect = img.getBoundingClientRect();
        if (!img.complete || img.naturalWidth === 0) {
            problems.push(`${describe(img)} did not load`);
            continue;
        }
        const container = img.closest("figure, .card, .card__media, li, header, aside, section, main, footer") || document.body;
        const outer = container.getBoundingClientRect();
        if (rect.left < outer.left - tolerance || rect.right > outer.right + tolerance) {
            problems.push(`${describe(img)} sticks out of ${describe(container)} (${Math.round(rect.left)}–${Math.round(rect.right)} px in ${Math.round(outer.left)}–${Math.round(outer.right)} px)`);
        }
        let limit = 0.8 * vh;  // no image fills more than most of the screen
        let rule = "80% of the viewport height";
        for (const [selector, max] of Object.entries(limits)) {
            if (img.matches(selector)) {
                const px = max < 1 ? max * vh : max;
                if (px < limit) {
                    limit = px;
                    rule = `${selector}: at most ${max < 1 ? Math.round(max * 100) + "% of the viewport height" : max + " px"}`;
                }
            }
        }
        if (rect.height > limit + tolerance) {
            problems.push(`${describe(img)} is ${Math.round(rect.height)} px tall (${rule})`);
        }
    }
    return problems;
}
