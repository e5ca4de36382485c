(function () {
  "use strict";
  var status = "all";
  var text = document.getElementById("filter-text");
  var buttons = document.querySelectorAll("button[data-filter]");

  function apply() {
    var query = text.value.trim().toLowerCase();
    document.querySelectorAll("section.feature").forEach(function (feature) {
      var visible = 0;
      feature.querySelectorAll("details.scenario").forEach(function (scenario) {
        var show = (status === "all" || scenario.dataset.status === status) &&
          (query === "" || scenario.dataset.search.indexOf(query) >= 0);
        scenario.hidden = !show;
        if (show) { visible += 1; }
      });
      feature.hidden = visible === 0;
    });
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      status = button.dataset.filter;
      buttons.forEach(function (other) { other.classList.toggle("active", other === button); });
      apply();
    });
  });
  text.addEventListener("input", apply);

  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (target && target.tagName === "DETAILS") {
      target.hidden = false;
      target.open = true;
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
