import { Routes } from '@angular/router';

export const ORGS_ROUTES: Routes = [
  {
    path: '',
    title: '机构管理 - 柳州市医疗质控中心管理平台',
    loadComponent: () => import('./pages/orgs-page').then((m) => m.OrgsPage),
  },
];
