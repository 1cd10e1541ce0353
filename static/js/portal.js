/* Small behaviours shared by every page. No inline scripts: pages mark elements with data-* attributes. */
(function () {
  "use strict";

  // The account form shows the organisation field the chosen role needs.
  function syncRoleFields(select) {
    var form = select.form;
    var role = select.value;
    var needs = {
      bureau_admin: "county", bureau_inspector: "county",
      township_supervisor: "township", principal: "school", school_staff: "school"
    };
    ["county", "township", "school"].forEach(function (name) {
      var wrapper = form.querySelector("#div_id_" + name);
      if (wrapper) { wrapper.hidden = !!role && needs[role] !== name; }
    });
    var duties = form.querySelector("#div_id_duties");
    if (duties) { duties.hidden = role !== "school_staff"; }
    var post = form.querySelector("#div_id_township_post");
    if (post) { post.hidden = !!role && role !== "township_supervisor"; }
  }

  function init(root) {
    root.querySelectorAll("select[data-role-select]").forEach(function (select) {
      syncRoleFields(select);
      select.addEventListener("change", function () { syncRoleFields(select); });
    });
    // progress bars carry their value in data-progress (the Content-Security-Policy forbids style="…")
    root.querySelectorAll("[data-progress]").forEach(function (bar) {
      var value = parseFloat(bar.getAttribute("data-progress")) || 0;
      bar.style.width = Math.max(0, Math.min(100, value)) + "%";
    });
    root.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
