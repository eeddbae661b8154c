import { inject } from '@angular/core';
import { CanActivateFn, Router, Routes } from '@angular/router';
import {
  FileExcelOutline,
  InboxOutline,
  LinkOutline,
  PlayCircleOutline,
  SyncOutline,
  WarningFill,
} from '@ant-design/icons-angular/icons';
import { provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { AuthService } from '../../core/auth/auth.service';
import { permissionGuard } from '../../core/auth/guards';

/** Icons only these pages use (nz-result's warning included), kept out of the first load. */
export const INGEST_ICONS = [FileExcelOutline, InboxOutline, LinkOutline, PlayCircleOutline, SyncOutline, WarningFill];

/** /ingest opens 数据上传 for those who may upload, else 运行记录 (whose guard handles the rest). */
const ingestHome: CanActivateFn = async () => {
  const auth = inject(AuthService);
  const router = inject(Router);
  await auth.ensureLoaded();
  return router.createUrlTree(['/ingest', auth.can('ingest:upload') ? 'upload' : 'runs']);
};

/** 数据接入: upload files, follow runs, maintain connections. Each page checks its own permission. */
export const INGEST_ROUTES: Routes = [
  {
    path: '',
    providers: [provideNzIconsPatch(INGEST_ICONS)],
    children: [
      {
        // A guard rather than redirectTo: redirects are decided before the session has loaded.
        path: '',
        pathMatch: 'full',
        canActivate: [ingestHome],
        children: [],
      },
      {
        path: 'upload',
        title: '数据上传 - 柳州市医疗质控中心管理平台',
        canActivate: [permissionGuard],
        data: { permission: 'ingest:upload' },
        loadComponent: () => import('./pages/upload-page').then((m) => m.UploadPage),
      },
      {
        path: 'runs',
        title: '运行记录 - 柳州市医疗质控中心管理平台',
        canActivate: [permissionGuard],
        data: { permission: 'ingest:read' },
        loadComponent: () => import('./pages/runs-page').then((m) => m.RunsPage),
      },
      {
        path: 'connections',
        title: '数据连接 - 柳州市医疗质控中心管理平台',
        canActivate: [permissionGuard],
        data: { permission: 'ingest:read' },
        loadComponent: () => import('./pages/connections-page').then((m) => m.ConnectionsPage),
      },
    ],
  },
];
