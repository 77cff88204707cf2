// Captures the tab named by ?streamId= with the same constraints as the
// product's MediaEngine, then answers every receiver that says hello in the
// relay room with an offer carrying that track. Nothing else: no data channel,
// no validation, no perfect negotiation, no extension messaging.
const params = new URLSearchParams(location.search);
const peers = new Map();
window.senderState = 'starting';

async function start() {
  // Same rule as the product's captureChromeTab: the tab's own size, capped at 1080p, never scaled up.
  const width = Number(params.get('width')) || 1920;
  const height = Number(params.get('height')) || 1080;
  const scale = Math.min(1, 1920 / width, 1080 / height);
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: {
      mandatory: {
        chromeMediaSource: 'tab',
        chromeMediaSourceId: params.get('streamId'),
        maxWidth: Math.round(width * scale),
        maxHeight: Math.round(height * scale),
        maxFrameRate: 30,
      },
    },
  });
  const track = stream.getVideoTracks()[0];
  track.contentHint = 'detail';

  const ws = new WebSocket(`${params.get('relay')}?room=${params.get('room')}`);
  const send = (to, message) => ws.send(JSON.stringify({ ...message, from: 'sender', to }));
  ws.onmessage = async ({ data }) => {
    const message = JSON.parse(data);
    if (message.to !== 'sender') return;
    const from = message.from;
    if (message.type === 'hello') {
      const pc = new RTCPeerConnection();
      peers.set(from, pc);
      pc.onicecandidate = ({ candidate }) => send(from, { type: 'candidate', candidate: candidate ? candidate.toJSON() : null });
      pc.addTrack(track, stream);
      await pc.setLocalDescription(await pc.createOffer());
      send(from, { type: 'offer', description: pc.localDescription.toJSON() });
    } else if (message.type === 'answer') {
      await peers.get(from)?.setRemoteDescription(message.description);
    } else if (message.type === 'candidate' && message.candidate) {
      await peers.get(from)?.addIceCandidate(message.candidate);
    } else if (message.type === 'bye') {
      peers.get(from)?.close();
      peers.delete(from);
    }
  };
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  window.senderState = 'ready';
}

start().catch((error) => {
  window.senderState = `failed: ${error && error.message ? error.message : error}`;
});
