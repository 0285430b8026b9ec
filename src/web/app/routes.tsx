import type { ComponentType } from 'react';
import { Outlet, type RouteObject } from 'react-router';
import { FullPageSpinner } from '../components/feedback.js';
import { myPointsQuery, schemesQuery } from '../features/points/queries.js';
import { type Area, loadAreas } from '../i18n/index.js';
import { type NavUser, navRules } from '../lib/nav.js';
import { queryClient } from './query-client.js';
import { RequireAuth, RequireNav } from './require-auth.js';

/**
 * A route module loaded on first visit, so each page is its own chunk, together with the texts
 * of its area (`areas`) when the page belongs to one; the every-page texts are already there.
 */
const page =
  (load: () => Promise<ComponentType>, areas: readonly Area[] = []) =>
  async () => {
    const [Component] = await Promise.all([load(), loadAreas(areas)]);
    return { Component };
  };

/**
 * A route's first data request, started with the route's code rather than after the page has
 * drawn (the router runs loaders alongside the lazy imports): on a phone that is round trips
 * sooner. The page reads the same query from the cache; nothing waits for it here.
 */
const prefetch = (start: (qc: typeof queryClient) => Promise<unknown>) => () => {
  void start(queryClient).catch(() => undefined);
  return null;
};

const guarded = (rule: (u: NavUser) => boolean, child: RouteObject): RouteObject => ({
  element: <RequireNav rule={rule} />,
  children: [child],
});

export const routes: RouteObject[] = [
  {
    HydrateFallback: FullPageSpinner,
    element: <Outlet />,
    children: [
      { path: '/login', lazy: page(async () => (await import('../pages/login-page.js')).LoginPage) },
      // Public: the ballot (code in the URL fragment) and the re-draw of a ledger sample.
      {
        path: '/ballot',
        lazy: page(
          async () => (await import('../pages/inspection/ballot-page.js')).BallotPage,
          ['inspection'],
        ),
      },
      {
        path: '/ballot/counted',
        lazy: page(
          async () => (await import('../pages/inspection/counted-page.js')).CountedPage,
          ['inspection'],
        ),
      },
      {
        path: '/redraw',
        lazy: page(
          async () => (await import('../pages/inspection/redraw-page.js')).RedrawPage,
          ['inspection'],
        ),
      },
      {
        element: <RequireAuth />,
        children: [
          {
            lazy: page(async () => (await import('./app-layout.js')).AppLayout),
            children: [
              {
                index: true,
                lazy: page(async () => (await import('../pages/home-page.js')).HomePage, ['terms']),
              },
              {
                path: '/inspection/:id/ballots',
                lazy: page(
                  async () => (await import('../pages/inspection/ballots-page.js')).BallotsPage,
                  ['inspection'],
                ),
              },
              {
                path: '/inspection/:id/ballots/pack',
                lazy: page(
                  async () => (await import('../pages/inspection/ballot-pack-page.js')).BallotPackPage,
                  ['inspection'],
                ),
              },
              {
                path: '/inspection/:id/ledger',
                lazy: page(
                  async () => (await import('../pages/inspection/ledger-page.js')).LedgerPage,
                  ['inspection'],
                ),
              },
              {
                path: '/inspection/:id/ledger/seed',
                lazy: page(
                  async () => (await import('../pages/inspection/seed-screen-page.js')).SeedScreenPage,
                  ['inspection'],
                ),
              },
              guarded(navRules.projects, {
                path: '/projects',
                lazy: page(
                  async () => (await import('../pages/projects/projects-page.js')).ProjectsPage,
                  ['projects'],
                ),
              }),
              guarded(navRules.projectsPlan, {
                path: '/projects/plan',
                lazy: page(
                  async () => (await import('../pages/projects/plan-page.js')).PlanPage,
                  ['projects'],
                ),
              }),
              guarded(navRules.projectsPlan, {
                path: '/projects/settings',
                lazy: page(
                  async () => (await import('../pages/projects/settings-page.js')).ProjectSettingsPage,
                  ['projects'],
                ),
              }),
              guarded(navRules.projectsLibrary, {
                path: '/projects/library',
                lazy: page(
                  async () => (await import('../pages/projects/library-page.js')).LibraryPage,
                  ['projects'],
                ),
              }),
              guarded(navRules.projectsLibrary, {
                path: '/projects/:id',
                lazy: page(
                  async () => (await import('../pages/projects/project-detail-page.js')).ProjectDetailPage,
                  ['projects'],
                ),
              }),
              guarded(navRules.orgs, {
                path: '/orgs',
                lazy: page(async () => (await import('../pages/org-members-page.js')).OrgMembersPage),
              }),
              guarded(navRules.orgs, {
                path: '/members/:id',
                lazy: page(async () => (await import('../pages/member-detail-page.js')).MemberDetailPage),
              }),
              guarded(navRules.users, {
                path: '/users',
                lazy: page(async () => (await import('../pages/users-page.js')).UsersPage),
              }),
              guarded(navRules.import, {
                path: '/import',
                lazy: page(async () => (await import('../pages/import-page.js')).ImportPage),
              }),
              guarded(navRules.audit, {
                path: '/audit',
                lazy: page(async () => (await import('../pages/audit-page.js')).AuditPage),
              }),
              guarded(navRules.calendar, {
                path: '/calendar',
                lazy: page(async () => (await import('../pages/calendar-page.js')).CalendarPage),
              }),
              guarded(navRules.termsCheckin, {
                path: '/terms/checkin',
                lazy: page(
                  async () => (await import('../pages/terms-checkin-page.js')).TermsCheckinPage,
                  ['terms', 'be'],
                ),
              }),
              guarded(navRules.termsCalendar, {
                path: '/terms/calendar',
                lazy: page(
                  async () => (await import('../pages/terms-calendar-page.js')).TermsCalendarPage,
                  ['terms', 'be'],
                ),
              }),
              guarded(navRules.termsMatrix, {
                path: '/terms/matrix',
                lazy: page(
                  async () => (await import('../pages/terms-matrix-page.js')).TermsMatrixPage,
                  ['terms', 'be'],
                ),
              }),
              guarded(navRules.me, {
                path: '/me',
                lazy: page(async () => (await import('../pages/my-page.js')).MyPage),
              }),
              guarded(navRules.myPoints, {
                id: 'me-points',
                path: '/me/points',
                loader: prefetch((qc) => qc.prefetchQuery(myPointsQuery())),
                lazy: page(async () => (await import('../pages/points/my-points-page.js')).MyPointsPage),
              }),
              guarded(navRules.pointsSchemes, {
                path: '/points/schemes',
                lazy: page(async () => (await import('../pages/points/schemes-page.js')).SchemesPage),
              }),
              guarded(navRules.pointsSchemes, {
                path: '/points/schemes/:id',
                lazy: page(
                  async () => (await import('../pages/points/scheme-detail-page.js')).SchemeDetailPage,
                ),
              }),
              guarded(navRules.pointsEntries, {
                path: '/points/entries',
                lazy: page(async () => (await import('../pages/points/entries-page.js')).EntriesPage),
              }),
              guarded(navRules.pointsActivities, {
                path: '/points/activities',
                lazy: page(async () => (await import('../pages/points/activities-page.js')).ActivitiesPage),
              }),
              guarded(navRules.pointsActivities, {
                path: '/points/activities/:id',
                lazy: page(async () => (await import('../pages/points/activities-page.js')).ActivityPage),
              }),
              guarded(navRules.pointsReview, {
                path: '/points/review',
                lazy: page(async () => (await import('../pages/points/review-page.js')).ReviewPage),
              }),
              guarded(navRules.pointsQuarters, {
                path: '/points/quarters',
                lazy: page(async () => (await import('../pages/points/quarters-page.js')).QuartersPage),
              }),
              guarded(navRules.pointsBoard, {
                id: 'points-board',
                path: '/points/board',
                loader: prefetch((qc) => qc.prefetchQuery(schemesQuery)),
                lazy: page(async () => (await import('../pages/points/board-page.js')).BoardPage),
              }),
              guarded(navRules.pointsYear, {
                path: '/points/year',
                lazy: page(async () => (await import('../pages/points/year-page.js')).YearPage),
              }),
              guarded(navRules.pointsAppeals, {
                path: '/points/appeals',
                lazy: page(async () => (await import('../pages/points/appeals-page.js')).AppealsPage),
              }),
              guarded(navRules.beMonth, {
                path: '/branch-eval/month',
                lazy: page(
                  async () => (await import('../pages/branch-eval/month-page.js')).MonthPage,
                  ['be'],
                ),
              }),
              guarded(navRules.bePeer, {
                path: '/branch-eval/peer',
                lazy: page(async () => (await import('../pages/branch-eval/peer-page.js')).PeerPage, ['be']),
              }),
              guarded(navRules.beVerify, {
                path: '/branch-eval/verify',
                lazy: page(
                  async () => (await import('../pages/branch-eval/verify-page.js')).VerifyPage,
                  ['be'],
                ),
              }),
              guarded(navRules.beApprove, {
                path: '/branch-eval/approve',
                lazy: page(
                  async () => (await import('../pages/branch-eval/approve-page.js')).ApprovePage,
                  ['be'],
                ),
              }),
              guarded(navRules.beRankings, {
                path: '/branch-eval/rankings',
                lazy: page(
                  async () => (await import('../pages/branch-eval/rankings-page.js')).RankingsPage,
                  ['be'],
                ),
              }),
              guarded(navRules.bePlans, {
                path: '/branch-eval/plans',
                lazy: page(
                  async () => (await import('../pages/branch-eval/plans-page.js')).PlansPage,
                  ['be'],
                ),
              }),
              guarded(navRules.bePlans, {
                path: '/branch-eval/plans/:id',
                lazy: page(
                  async () => (await import('../pages/branch-eval/plan-detail-page.js')).PlanDetailPage,
                  ['be'],
                ),
              }),
              guarded(navRules.beRankings, {
                path: '/branch-eval/report',
                lazy: page(
                  async () => (await import('../pages/branch-eval/report-page.js')).ReportPage,
                  ['be'],
                ),
              }),
              guarded(navRules.beLibrary, {
                path: '/branch-eval/library',
                lazy: page(
                  async () => (await import('../pages/branch-eval/library-page.js')).LibraryPage,
                  ['be'],
                ),
              }),
              guarded(navRules.beIntegration, {
                path: '/branch-eval/integration',
                lazy: page(
                  async () => (await import('../pages/branch-eval/integration-page.js')).IntegrationPage,
                  ['be'],
                ),
              }),
              guarded(navRules.inspCampaigns, {
                path: '/inspection',
                lazy: page(
                  async () => (await import('../pages/inspection/campaigns-page.js')).CampaignsPage,
                  ['inspection'],
                ),
              }),
              guarded(navRules.inspRectifications, {
                path: '/inspection/rectifications',
                lazy: page(
                  async () => (await import('../pages/inspection/rectifications-page.js')).RectificationsPage,
                  ['inspection'],
                ),
              }),
              guarded(navRules.inspCampaigns, {
                path: '/inspection/:id',
                lazy: page(
                  async () => (await import('../pages/inspection/campaign-page.js')).CampaignPage,
                  ['inspection'],
                ),
              }),
              guarded(navRules.inspCampaigns, {
                path: '/inspection/:id/self-check/:unitId',
                lazy: page(
                  async () => (await import('../pages/inspection/self-check-page.js')).SelfCheckPage,
                  ['inspection'],
                ),
              }),
              guarded(navRules.inspCampaigns, {
                path: '/inspection/:id/units/:unitId',
                lazy: page(
                  async () => (await import('../pages/inspection/unit-page.js')).UnitInspectionPage,
                  ['inspection'],
                ),
              }),
              guarded(navRules.inspCampaigns, {
                path: '/inspection/:id/results',
                lazy: page(
                  async () => (await import('../pages/inspection/results-page.js')).ResultsPage,
                  ['inspection'],
                ),
              }),
              guarded(navRules.inspCampaigns, {
                path: '/inspection/:id/report',
                lazy: page(
                  async () => (await import('../pages/inspection/report-page.js')).ReportPage,
                  ['inspection'],
                ),
              }),
              {
                path: '/password',
                lazy: page(async () => (await import('../pages/change-password-page.js')).ChangePasswordPage),
              },
              { path: '*', lazy: page(async () => (await import('../components/result-pages.js')).NotFound) },
            ],
          },
        ],
      },
    ],
  },
];
