(function () {
  "use strict";
  // The table of rules and checks, made sortable and filterable. Without
  // this script the table is a plain list with every row shown, and none of
  // the controls below exist.
  var table = document.getElementById("outcome-table");
  if (!table || !table.tBodies.length) {
    return;
  }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var counts = {};
  var verdicts = [];
  rows.forEach(function (row) {
    var verdict = row.getAttribute("data-verdict");
    if (!(verdict in counts)) {
      counts[verdict] = 0;
      verdicts.push(verdict);
    }
    counts[verdict] += 1;
  });

  var controls = document.createElement("div");
  controls.className = "controls";
  controls.setAttribute("role", "search");
  var fieldset = document.createElement("fieldset");
  var legend = document.createElement("legend");
  legend.textContent = "Verdicts shown";
  fieldset.appendChild(legend);
  var boxes = verdicts.map(function (verdict) {
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.value = verdict;
    box.setAttribute("data-verdict-filter", verdict);
    box.addEventListener("change", apply);
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + verdict + " (" + counts[verdict] + ")"));
    fieldset.appendChild(label);
    return box;
  });
  controls.appendChild(fieldset);
  var searchLabel = document.createElement("label");
  searchLabel.className = "search";
  searchLabel.appendChild(document.createTextNode("Text "));
  var search = document.createElement("input");
  search.type = "search";
  search.id = "outcome-search";
  search.placeholder = "id, title or file";
  search.addEventListener("input", apply);
  searchLabel.appendChild(search);
  controls.appendChild(searchLabel);
  var status = document.createElement("p");
  status.className = "status";
  status.setAttribute("aria-live", "polite");
  controls.appendChild(status);
  var wrap = table.parentNode;
  wrap.parentNode.insertBefore(controls, wrap);

  function apply() {
    var shown = {};
    boxes.forEach(function (box) {
      shown[box.value] = box.checked;
    });
    var text = search.value.trim().toLowerCase();
    var visible = 0;
    rows.forEach(function (row) {
      var keep = shown[row.getAttribute("data-verdict")] &&
        (text === "" || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !keep;
      if (keep) {
        visible += 1;
      }
    });
    status.textContent = visible + " of " + rows.length + " shown";
  }

  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  headers.forEach(function (th, column) {
    var button = document.createElement("button");
    button.type = "button";
    while (th.firstChild) {
      button.appendChild(th.firstChild);
    }
    th.appendChild(button);
    th.setAttribute("aria-sort", "none");
    button.addEventListener("click", function () {
      sort(th, column);
    });
  });

  function key(row, column) {
    var cell = row.cells[column];
    return cell.getAttribute("data-sort") || cell.textContent;
  }

  function sort(th, column) {
    var direction = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    headers.forEach(function (other) {
      other.setAttribute("aria-sort", "none");
    });
    th.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
    var ordered = rows.slice().sort(function (a, b) {
      var x = key(a, column);
      var y = key(b, column);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return order !== 0 ? order * direction : rows.indexOf(a) - rows.indexOf(b);
    });
    ordered.forEach(function (row) {
      body.appendChild(row);
    });
  }

  apply();
})();
