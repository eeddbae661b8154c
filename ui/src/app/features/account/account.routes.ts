import { Routes } from '@angular/router';

/** Open to every signed-in user; the forced-step guard keeps the other two closed while one is due. */
export const ACCOUNT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'password' },
  {
    path: 'password',
    title: '修改密码 - 柳州市医疗质控中心管理平台',
    loadComponent: () => import('./pages/password-page').then((m) => m.PasswordPage),
  },
  {
    path: 'totp',
    title: '两步验证 - 柳州市医疗质控中心管理平台',
    loadComponent: () => import('./pages/totp-page').then((m) => m.TotpPage),
  },
  {
    path: 'sessions',
    title: '登录设备 - 柳州市医疗质控中心管理平台',
    loadComponent: () => import('./pages/sessions-page').then((m) => m.SessionsPage),
  },
];
