/* The grid picker as a cascade: district → street → community → grid.
 *
 * Without this script the page shows content/area_choice.py's grouped select (one <optgroup> per
 * community, labelled with its path), which is a complete picker. With it, three selects for the
 * district, the street and the community come first and the grid select keeps only the chosen
 * community's grids. The extra selects have no name: the form still posts the grid select alone.
 */
(function () {
  "use strict";

  var LEVELS = ["district", "street", "community"];

  function unique(values) {
    var seen = {}, out = [];
    values.forEach(function (v) { if (!seen[v]) { seen[v] = true; out.push(v); } });
    return out;
  }

  function enhance(grid, n) {
    var groups = Array.prototype.map.call(grid.querySelectorAll("optgroup"), function (g) {
      return { element: g, district: g.dataset.district, street: g.dataset.street, community: g.dataset.community };
    });
    if (!groups.length) { return; }
    var empty = grid.querySelector("option[value='']");
    groups.forEach(function (g) { g.element.remove(); });

    var wrapper = document.createElement("div");
    wrapper.className = "grid-picker";
    var selects = {};
    LEVELS.forEach(function (level) {
      var id = (grid.id || "grid") + "-" + level + "-" + n;
      var box = document.createElement("div");
      box.className = "grid-picker__level";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.className = "field__label";
      label.textContent = grid.dataset["label" + level.charAt(0).toUpperCase() + level.slice(1)];
      var select = document.createElement("select");
      select.id = id;
      select.dataset.level = level;
      box.appendChild(label);
      box.appendChild(select);
      wrapper.appendChild(box);
      selects[level] = select;
    });
    // Before the grid's own label: district, street, community, then "grid" and its select.
    var gridLabel = grid.id ? document.querySelector("label[for='" + CSS.escape(grid.id) + "']") : null;
    var anchor = gridLabel && gridLabel.parentNode === grid.parentNode ? gridLabel : grid;
    grid.parentNode.insertBefore(wrapper, anchor);

    function matching(depth) {
      return groups.filter(function (g) {
        for (var i = 0; i < depth; i++) {
          if (g[LEVELS[i]] !== selects[LEVELS[i]].value) { return false; }
        }
        return true;
      });
    }

    function fill(depth, wanted) {
      var level = LEVELS[depth], select = selects[level];
      var names = unique(matching(depth).map(function (g) { return g[level]; }));
      select.textContent = "";
      if (names.length !== 1) {
        select.appendChild(new Option(grid.dataset.labelAny, ""));
      }
      names.forEach(function (name) { select.appendChild(new Option(name, name)); });
      if (wanted && names.indexOf(wanted) >= 0) { select.value = wanted; }
      select.disabled = depth > 0 && !selects[LEVELS[depth - 1]].value;
    }

    function showGrids(keep) {
      var current = keep || grid.value;
      Array.prototype.slice.call(grid.querySelectorAll("optgroup")).forEach(function (g) { g.remove(); });
      var chosen = matching(3);
      if (selects.community.value) {
        chosen.forEach(function (g) { grid.appendChild(g.element); });
      }
      grid.value = current;
      if (grid.value !== current || !current) {
        grid.value = empty ? "" : (grid.options[0] && grid.options[0].value) || "";
      }
      grid.disabled = !selects.community.value;
    }

    function cascade(fromDepth, path) {
      for (var d = fromDepth; d < LEVELS.length; d++) { fill(d, path && path[LEVELS[d]]); }
      showGrids(path && path.grid);
    }

    LEVELS.forEach(function (level, depth) {
      selects[level].addEventListener("change", function () { cascade(depth + 1); });
    });

    var selected = grid.value ? groups.filter(function (g) {
      return g.element.querySelector("option[value='" + CSS.escape(grid.value) + "']");
    })[0] : null;
    cascade(0, selected ? { district: selected.district, street: selected.street, community: selected.community,
                            grid: grid.value } : null);

    // A disabled select is not submitted: enable the grid select again before the form goes.
    if (grid.form) {
      grid.form.addEventListener("submit", function () { grid.disabled = false; });
    }
  }

  document.querySelectorAll("select[data-grid-picker]").forEach(enhance);
})();
