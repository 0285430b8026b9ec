export function IntegrationPage() {
  return null;
}
