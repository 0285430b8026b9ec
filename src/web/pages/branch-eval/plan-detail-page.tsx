export function PlanDetailPage() {
  return null;
}
