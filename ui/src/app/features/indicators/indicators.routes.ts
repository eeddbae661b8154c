import { Routes } from '@angular/router';
import { CheckCircleOutline, CloseCircleFill, DeleteOutline } from '@ant-design/icons-angular/icons';
import { provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { permissionGuard } from '../../core/auth/guards';

/** Icons only these pages use, kept out of the first load. */
export const INDICATOR_ICONS = [CheckCircleOutline, CloseCircleFill, DeleteOutline];

/** 指标库. The parent route requires indicator:read; adding and revising require indicator:manage. */
export const INDICATORS_ROUTES: Routes = [
  {
    path: '',
    providers: [provideNzIconsPatch(INDICATOR_ICONS)],
    children: [
      {
        path: '',
        pathMatch: 'full',
        title: '指标库 - 柳州市医疗质控中心管理平台',
        loadComponent: () => import('./pages/indicators-page').then((m) => m.IndicatorsPage),
      },
      {
        path: 'new',
        title: '新建指标 - 柳州市医疗质控中心管理平台',
        canActivate: [permissionGuard],
        data: { permission: 'indicator:manage' },
        loadComponent: () => import('./pages/indicator-edit-page').then((m) => m.IndicatorEditPage),
      },
      {
        path: ':code/new-version',
        title: '指标新版本 - 柳州市医疗质控中心管理平台',
        canActivate: [permissionGuard],
        data: { permission: 'indicator:manage' },
        loadComponent: () => import('./pages/indicator-edit-page').then((m) => m.IndicatorEditPage),
      },
      {
        path: ':code',
        title: '指标详情 - 柳州市医疗质控中心管理平台',
        loadComponent: () => import('./pages/indicator-detail-page').then((m) => m.IndicatorDetailPage),
      },
    ],
  },
];
