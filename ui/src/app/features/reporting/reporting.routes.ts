import { inject } from '@angular/core';
import { CanActivateFn, Router, Routes } from '@angular/router';
import {
  ArrowDownOutline,
  ArrowUpOutline,
  CheckCircleOutline,
  CloseCircleFill,
  CloseCircleOutline,
  DeleteOutline,
  LoadingOutline,
  RollbackOutline,
  SaveOutline,
  SendOutline,
  UploadOutline,
} from '@ant-design/icons-angular/icons';
import { provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { AuthService } from '../../core/auth/auth.service';
import { permissionGuard } from '../../core/auth/guards';

/** Icons only these pages use, kept out of the first load. */
export const REPORTING_ICONS = [
  ArrowDownOutline,
  ArrowUpOutline,
  CheckCircleOutline,
  CloseCircleFill,
  CloseCircleOutline,
  DeleteOutline,
  LoadingOutline,
  RollbackOutline,
  SaveOutline,
  SendOutline,
  UploadOutline,
];

/** /reporting opens the first list the user may see (fill, then review, then forms). */
const reportingHome: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.ensureLoaded();
  const page = auth.can('report:fill') ? 'tasks' : auth.can('report:review') ? 'review' : 'forms';
  return router.createUrlTree(['/reporting', page]);
};

const TITLE = ' - 柳州市医疗质控中心管理平台';

/** 数据上报. Each page checks its own permission (report:fill, report:review, report:manage). */
export const REPORTING_ROUTES: Routes = [
  {
    path: '',
    providers: [provideNzIconsPatch(REPORTING_ICONS)],
    children: [
      // A guard rather than redirectTo: redirects are decided before the session has loaded.
      { path: '', pathMatch: 'full', canActivate: [reportingHome], children: [] },
      {
        path: 'tasks',
        title: '我的填报' + TITLE,
        canActivate: [permissionGuard],
        data: { permission: 'report:fill', mode: 'fill' },
        loadComponent: () => import('./pages/tasks-page').then((m) => m.TasksPage),
      },
      {
        path: 'tasks/:id',
        title: '填报' + TITLE,
        canActivate: [permissionGuard],
        data: { permission: 'report:fill' },
        loadComponent: () => import('./pages/fill-page').then((m) => m.FillPage),
      },
      {
        path: 'review',
        title: '上报审核' + TITLE,
        canActivate: [permissionGuard],
        data: { permission: 'report:review', mode: 'review' },
        loadComponent: () => import('./pages/tasks-page').then((m) => m.TasksPage),
      },
      {
        path: 'review/:id',
        title: '审核' + TITLE,
        canActivate: [permissionGuard],
        data: { permission: 'report:review' },
        loadComponent: () => import('./pages/review-page').then((m) => m.ReviewPage),
      },
      {
        path: 'forms',
        title: '表单管理' + TITLE,
        canActivate: [permissionGuard],
        data: { permission: 'report:manage' },
        loadComponent: () => import('./pages/forms-page').then((m) => m.FormsPage),
      },
      {
        path: 'forms/new',
        title: '新建表单' + TITLE,
        canActivate: [permissionGuard],
        data: { permission: 'report:manage' },
        loadComponent: () => import('./pages/form-designer-page').then((m) => m.FormDesignerPage),
      },
      {
        path: 'forms/:id',
        title: '表单设计' + TITLE,
        canActivate: [permissionGuard],
        data: { permission: 'report:manage' },
        loadComponent: () => import('./pages/form-designer-page').then((m) => m.FormDesignerPage),
      },
    ],
  },
];
