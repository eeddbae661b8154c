import { Routes } from '@angular/router';

export const AUDIT_ROUTES: Routes = [
  {
    path: '',
    title: '审计日志 - 柳州市医疗质控中心管理平台',
    loadComponent: () => import('./pages/audit-page').then((m) => m.AuditPage),
  },
];
