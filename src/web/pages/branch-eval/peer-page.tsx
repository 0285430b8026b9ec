export function PeerPage() {
  return null;
}
