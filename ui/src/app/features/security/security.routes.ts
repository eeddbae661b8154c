import { Routes } from '@angular/router';
import { permissionGuard } from '../../core/auth/guards';

export const SECURITY_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'roles' },
  {
    path: 'roles',
    title: '角色权限 - 柳州市医疗质控中心管理平台',
    canActivate: [permissionGuard],
    data: { permission: 'role:read' },
    loadComponent: () => import('./pages/roles-page').then((m) => m.RolesPage),
  },
  {
    path: 'policy',
    title: '安全策略 - 柳州市医疗质控中心管理平台',
    canActivate: [permissionGuard],
    data: { permission: 'security:policy' },
    loadComponent: () => import('./pages/policy-page').then((m) => m.PolicyPage),
  },
];
