// Redraws the timestamp as often as the page can (every 4 ms and every
// animation frame), so whatever frame the capture takes carries the time it
// was painted to within a few ms. Tab capture only sends frames when the tab
// repaints, so the page always changes something (the moving bar).
const canvas = document.getElementById('code');
canvas.width = benchTimecode.WIDTH;
canvas.height = benchTimecode.HEIGHT;
const ctx = canvas.getContext('2d');
const bar = document.getElementById('bar');
let x = 0;
function update() {
  benchTimecode.draw(ctx, Date.now() % 4294967296);
}
function frame() {
  x = (x + 8) % (innerWidth - 24);
  bar.style.transform = `translateX(${x}px)`;
  update();
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
setInterval(() => {
  update();
  // Background tabs run no animation frames; keep the bar moving from the timer.
  if (document.hidden) {
    x = (x + 8) % (innerWidth - 24);
    bar.style.transform = `translateX(${x}px)`;
  }
}, 4);
