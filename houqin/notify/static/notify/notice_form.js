/* The notice form shows the township or school choice only when the chosen audience needs it. */
(function () {
  "use strict";

  function sync(form) {
    var checked = form.querySelector("input[name=audience]:checked");
    var audience = checked ? checked.value : "county";
    var townships = form.querySelector("#div_id_townships");
    var schools = form.querySelector("#div_id_schools");
    if (townships) { townships.hidden = audience !== "townships"; }
    if (schools) { schools.hidden = audience !== "schools"; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input[name=audience]").forEach(function (radio) {
      sync(radio.form);
      radio.addEventListener("change", function () { sync(radio.form); });
    });
  });
})();
