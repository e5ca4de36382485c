(function () {
  "use strict";
  // Filters combine: status AND feature AND tag AND text. The header counts stay those of
  // the run; #filter-count says how many scenarios the filters show. Only textContent and
  // properties are set here, never markup: the page's data stays escaped.
  var status = "all";
  var text = document.getElementById("filter-text");
  var feature = document.getElementById("filter-feature");
  var tag = document.getElementById("filter-tag");
  var count = document.getElementById("filter-count");
  var clear = document.getElementById("filter-clear");
  var noMatch = document.getElementById("no-match");
  var buttons = document.querySelectorAll("button[data-filter]");
  var scenarios = document.querySelectorAll("details.scenario");

  function setStatus(value) {
    status = value;
    buttons.forEach(function (button) {
      var on = button.dataset.filter === value;
      button.classList.toggle("active", on);
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  function apply() {
    var query = text.value.trim().toLowerCase();
    var wantedFeature = feature.value;
    var wantedTag = tag.value;
    var shown = 0;
    document.querySelectorAll("section.feature").forEach(function (section) {
      var visible = 0;
      section.querySelectorAll("details.scenario").forEach(function (scenario) {
        var show = (status === "all" || scenario.dataset.status === status) &&
          (wantedFeature === "" || scenario.dataset.feature === wantedFeature) &&
          (wantedTag === "" || scenario.dataset.tags.indexOf(" " + wantedTag + " ") >= 0) &&
          (query === "" || scenario.dataset.search.indexOf(query) >= 0);
        scenario.hidden = !show;
        if (show) { visible += 1; }
      });
      section.hidden = visible === 0;
      shown += visible;
    });
    var filtered = status !== "all" || wantedFeature !== "" || wantedTag !== "" || query !== "";
    count.textContent = filtered
      ? "Showing " + shown + " of " + scenarios.length + " scenarios"
      : "Showing all " + scenarios.length + " scenarios";
    if (clear) { clear.hidden = !filtered; }
    if (noMatch) { noMatch.hidden = shown > 0; }
  }

  function reset() {
    setStatus("all");
    feature.value = "";
    tag.value = "";
    text.value = "";
    apply();
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      setStatus(button.dataset.filter);
      apply();
    });
  });
  text.addEventListener("input", apply);
  feature.addEventListener("change", apply);
  tag.addEventListener("change", apply);
  if (clear) { clear.addEventListener("click", reset); }

  // A tag chip (in a scenario's or feature's heading) filters by its tag; inside a
  // <summary> it must not also open or close the scenario.
  document.addEventListener("click", function (event) {
    var chip = event.target.closest ? event.target.closest("button.tag[data-tag]") : null;
    if (!chip) { return; }
    event.preventDefault();
    event.stopPropagation();
    tag.value = chip.dataset.tag;
    apply();
  });

  // #s-N opens that scenario, even when the filters had hidden it.
  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    if (!target || target.tagName !== "DETAILS") { return; }
    if (target.hidden || (target.parentElement && target.parentElement.hidden)) { reset(); }
    target.open = true;
    target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  apply();
  openTarget();
})();
