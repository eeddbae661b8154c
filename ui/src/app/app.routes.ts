import { Routes } from '@angular/router';
import { authGuard, forcedStepGuard, permissionGuard } from './core/auth/guards';

export const routes: Routes = [
  {
    path: 'login',
    title: '登录 - 柳州市医疗质控中心管理平台',
    loadComponent: () => import('./features/auth/pages/login-page').then((m) => m.LoginPage),
  },
  {
    path: '',
    canActivate: [authGuard],
    canActivateChild: [forcedStepGuard],
    loadComponent: () => import('./core/shell/shell').then((m) => m.Shell),
    children: [
      {
        path: '',
        pathMatch: 'full',
        loadChildren: () => import('./features/home/home.routes').then((m) => m.HOME_ROUTES),
      },
      {
        path: 'orgs',
        canActivate: [permissionGuard],
        data: { permission: 'org:read' },
        loadChildren: () => import('./features/orgs/orgs.routes').then((m) => m.ORGS_ROUTES),
      },
      {
        path: 'users',
        canActivate: [permissionGuard],
        data: { permission: 'user:read' },
        loadChildren: () => import('./features/users/users.routes').then((m) => m.USERS_ROUTES),
      },
      {
        // Each page checks its own permission (analytics:read, analytics:drill).
        path: 'analytics',
        loadChildren: () => import('./features/analytics/analytics.routes').then((m) => m.ANALYTICS_ROUTES),
      },
      {
        path: 'indicators',
        canActivate: [permissionGuard],
        data: { permission: 'indicator:read' },
        loadChildren: () => import('./features/indicators/indicators.routes').then((m) => m.INDICATORS_ROUTES),
      },
      {
        // Each page checks its own permission (report:fill, report:review, report:manage).
        path: 'reporting',
        loadChildren: () => import('./features/reporting/reporting.routes').then((m) => m.REPORTING_ROUTES),
      },
      {
        // Each page checks its own permission (ingest:upload, ingest:read).
        path: 'ingest',
        loadChildren: () => import('./features/ingest/ingest.routes').then((m) => m.INGEST_ROUTES),
      },
      {
        // Every signed-in user's own password, second factor and sessions.
        path: 'account',
        loadChildren: () => import('./features/account/account.routes').then((m) => m.ACCOUNT_ROUTES),
      },
      {
        // Each page checks its own permission (role:read, security:policy).
        path: 'security',
        loadChildren: () =>
          import('./features/security/security.routes').then((m) => m.SECURITY_ROUTES),
      },
      {
        path: 'audit',
        canActivate: [permissionGuard],
        data: { permission: 'audit:read' },
        loadChildren: () => import('./features/audit/audit.routes').then((m) => m.AUDIT_ROUTES),
      },
      {
        path: '403',
        title: '无权访问 - 柳州市医疗质控中心管理平台',
        loadComponent: () =>
          import('./features/errors/pages/forbidden-page').then((m) => m.ForbiddenPage),
      },
      {
        path: '**',
        title: '页面不存在 - 柳州市医疗质控中心管理平台',
        loadComponent: () =>
          import('./features/errors/pages/not-found-page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
