// Injected into every receiving page (the customer's Remote Support page and
// the bare-pair receiver) before its own scripts, with timecode.js. It changes
// nothing the page does; it only watches:
//   joinAt        event.timeStamp of the click on the Join button
//   firstFrameAt  presentationTime of the first frame any <video> shows
//                 (requestVideoFrameCallback), on the same page clock; and the
//                 size the video is shown at (the receivers must match)
//   samples       glass-to-glass ms per frame while window.__bench.g2g is on:
//                 the receiver's wall clock at presentation minus the time
//                 drawn into the shared tab (both browsers share the clock)
//   socketOpenAt  the first WebSocket open, and offerAt the first message
//                 carrying an SDP offer: where the join's time goes
// (Peer connection stats are read from outside, through DevTools: rtc-stats.ts.)
(function () {
  const bench = (window.__bench = {
    joinAt: null,
    socketOpenAt: null,
    offerAt: null,
    firstFrameAt: null,
    displaySize: null,
    frames: 0,
    samples: [],
    misses: 0,
    g2g: false,
  });

  // Listens first on every socket the page opens; the page's own listeners run as before.
  const NativeSocket = window.WebSocket;
  window.WebSocket = class extends NativeSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('open', () => {
        if (bench.socketOpenAt === null) bench.socketOpenAt = performance.now();
      });
      this.addEventListener('message', ({ data }) => {
        if (bench.offerAt === null && typeof data === 'string' && data.includes('"type":"offer"')) bench.offerAt = performance.now();
      });
    }
  };

  document.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('button') : null;
      if (bench.joinAt === null && button && /^\s*join\s*$/i.test(button.textContent || '')) bench.joinAt = event.timeStamp;
    },
    true,
  );

  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  let box = null;
  let failures = 0;

  function decode(video, presentedAt) {
    const vw = video.videoWidth, vh = video.videoHeight;
    if (!vw || !vh) return;
    if (!box) {
      // Look for the magenta box in the top-left quarter of the frame, where the pattern draws it.
      const w = Math.ceil(vw / 2), h = Math.ceil(vh / 2);
      canvas.width = w;
      canvas.height = h;
      ctx.drawImage(video, 0, 0, w, h, 0, 0, w, h);
      box = benchTimecode.locate(ctx.getImageData(0, 0, w, h));
      if (!box) return void bench.misses++;
    }
    canvas.width = box.w;
    canvas.height = box.h;
    ctx.drawImage(video, box.x, box.y, box.w, box.h, 0, 0, box.w, box.h);
    const sent = benchTimecode.read(ctx.getImageData(0, 0, box.w, box.h));
    if (sent === null) {
      bench.misses++;
      if (++failures >= 10) box = null;
      return;
    }
    failures = 0;
    const now = Date.now() - (performance.now() - presentedAt);
    bench.samples.push((now - sent + 4294967296) % 4294967296);
  }

  function watch(video) {
    if (video.__benchWatched) return;
    video.__benchWatched = true;
    const onFrame = (_now, meta) => {
      const presentedAt = meta.presentationTime;
      if (bench.firstFrameAt === null) bench.firstFrameAt = presentedAt;
      bench.displaySize = `${video.clientWidth}x${video.clientHeight}`;
      bench.frames++;
      if (bench.g2g) decode(video, presentedAt);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  new MutationObserver(() => {
    for (const video of document.querySelectorAll('video')) watch(video);
  }).observe(document, { childList: true, subtree: true });
})();
