import { Routes } from '@angular/router';

export const USERS_ROUTES: Routes = [
  {
    path: '',
    title: '用户管理 - 柳州市医疗质控中心管理平台',
    loadComponent: () => import('./pages/users-page').then((m) => m.UsersPage),
  },
];
