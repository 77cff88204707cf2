// The bare pair's receiving side: on Join, open the relay room, say hello,
// answer the sender's offer, show the track. The least a browser can do to
// receive the tab: the floor the customer's page is compared with.
const params = new URLSearchParams(location.search);
const relay = params.get('relay');
const room = params.get('room');
const me = 'r' + Math.random().toString(36).slice(2, 10);
let ws = null;
let pc = null;

document.getElementById('join').addEventListener('click', () => {
  ws = new WebSocket(`${relay}?room=${room}`);
  pc = new RTCPeerConnection();
  const send = (message) => ws.send(JSON.stringify({ ...message, from: me, to: 'sender' }));
  pc.onicecandidate = ({ candidate }) => send({ type: 'candidate', candidate: candidate ? candidate.toJSON() : null });
  pc.ontrack = ({ track, streams }) => {
    const video = document.getElementById('video');
    video.srcObject = streams[0] || new MediaStream([track]);
  };
  ws.onopen = () => send({ type: 'hello' });
  ws.onmessage = async ({ data }) => {
    const message = JSON.parse(data);
    if (message.to !== me) return;
    if (message.type === 'offer') {
      await pc.setRemoteDescription(message.description);
      await pc.setLocalDescription(await pc.createAnswer());
      send({ type: 'answer', description: pc.localDescription.toJSON() });
    } else if (message.type === 'candidate' && message.candidate) {
      await pc.addIceCandidate(message.candidate);
    }
  };
});

window.leave = () => {
  if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'bye', from: me, to: 'sender' }));
  if (pc) pc.close();
  if (ws) ws.close();
};
