// Signature pad for the consent form: draw with a finger, stylus or mouse (pointer events);
// the drawing is kept as a PNG data URL in the hidden field the pad names (data-target).
// Also shows only the signature section that matches the chosen way of signing.
(function () {
  "use strict";
  function pad(box) {
    var canvas = box.querySelector("canvas");
    var field = document.getElementById(box.getAttribute("data-target"));
    var ctx = canvas.getContext("2d");
    var drawing = false;
    var last = null;
    ctx.lineWidth = 3;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111";
    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return {
        x: (event.clientX - rect.left) * (canvas.width / rect.width),
        y: (event.clientY - rect.top) * (canvas.height / rect.height),
      };
    }
    function save() {
      field.value = canvas.toDataURL("image/png");
    }
    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      ctx.beginPath();
      ctx.arc(last.x, last.y, 1.2, 0, 2 * Math.PI);
      ctx.fill();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      var next = point(event);
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(next.x, next.y);
      ctx.stroke();
      last = next;
    });
    function stop() {
      if (!drawing) return;
      drawing = false;
      save();
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    box.querySelector("[data-clear]").addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      field.value = "";
    });
    if (field.value.indexOf("data:image/png;base64,") === 0) {
      var image = new Image();
      image.onload = function () { ctx.drawImage(image, 0, 0); };
      image.src = field.value;
    }
  }
  function sections() {
    var chosen = document.querySelector("input[name=signature_kind]:checked");
    document.querySelectorAll("[data-signature]").forEach(function (section) {
      section.hidden = chosen !== null && section.getAttribute("data-signature") !== chosen.value;
    });
  }
  document.querySelectorAll("[data-signature-pad]").forEach(pad);
  document.querySelectorAll("input[name=signature_kind]").forEach(function (radio) {
    radio.addEventListener("change", sections);
  });
  sections();
})();
