// Submit a form as soon as one of its [data-autosubmit] controls changes (the language switcher).
document.querySelectorAll("[data-autosubmit]").forEach((control) => {
  control.addEventListener("change", () => control.form.submit());
});
