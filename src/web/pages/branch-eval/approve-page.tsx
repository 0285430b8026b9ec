export function ApprovePage() {
  return null;
}
