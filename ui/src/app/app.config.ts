import { registerLocaleData } from '@angular/common';
import zh from '@angular/common/locales/zh';
import {
  ApplicationConfig,
  LOCALE_ID,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideNzI18n, zh_CN } from 'ng-zorro-antd/i18n';
import { provideNzIcons } from 'ng-zorro-antd/icon';

import { routes } from './app.routes';
import { provideAppHttp } from './core/http/http.providers';
import { APP_ICONS } from './core/icons';

registerLocaleData(zh);

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(routes, withComponentInputBinding()),
    provideAppHttp(),
    provideNzI18n(zh_CN),
    provideNzIcons(APP_ICONS),
    { provide: LOCALE_ID, useValue: 'zh-CN' },
  ],
};
