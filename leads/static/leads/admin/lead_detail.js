// A lead's page: "I sent the e-mail: log it" appears once the e-mail draft has been opened
// in the user's own mail client. Without JavaScript the button is always there.
(() => {
  const draft = document.querySelector("[data-lead-email-draft]");
  const sent = document.querySelector("[data-lead-email-sent]");
  if (!draft || !sent) {
    return;
  }
  sent.hidden = true;
  draft.addEventListener("click", () => {
    sent.hidden = false;
    sent.querySelector("button").focus();
  });
})();
