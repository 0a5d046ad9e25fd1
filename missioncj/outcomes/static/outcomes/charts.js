// "chart (PNG)": draw the chart's own SVG onto a canvas at twice its size and save it.
document.addEventListener("click", function (event) {
  var link = event.target.closest("a.chart-png");
  if (!link) return;
  event.preventDefault();
  var svg = document.querySelector("#chart-" + link.dataset.chart + " svg");
  if (!svg) return;
  var copy = svg.cloneNode(true);
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  var text = new XMLSerializer().serializeToString(copy);
  var image = new Image();
  image.onload = function () {
    var canvas = document.createElement("canvas");
    canvas.width = svg.viewBox.baseVal.width * 2;
    canvas.height = svg.viewBox.baseVal.height * 2;
    var context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(function (blob) {
      var save = document.createElement("a");
      save.href = URL.createObjectURL(blob);
      save.download = link.dataset.chart + ".png";
      document.body.appendChild(save);
      save.click();
      save.remove();
    }, "image/png");
  };
  image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(text);
});
