import { DatePipe, NgTemplateOutlet } from '@angular/common';
import { HttpClient, HttpParams } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { BellOutline } from '@ant-design/icons-angular/icons';
import { NzBadgeModule } from 'ng-zorro-antd/badge';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { NzDropDownModule } from 'ng-zorro-antd/dropdown';
import { NzIconModule, provideNzIconsPatch } from 'ng-zorro-antd/icon';
import { NzLayoutModule } from 'ng-zorro-antd/layout';
import { NzMenuModule } from 'ng-zorro-antd/menu';
import { NzMessageService } from 'ng-zorro-antd/message';
import { filter, switchMap, timer } from 'rxjs';
import { silentErrors } from '../http/http-context';
import { AuthService } from '../auth/auth.service';
import { Viewport } from '../layout/viewport';
import { FORCED_STEP_PAGES } from '../auth/forced-step';
import { buildMenu } from './menu';

/** The user's own pages, under the name in the header and in the phone drawer. */
export const ACCOUNT_LINKS = [
  { label: '修改密码', icon: 'lock', path: '/account/password' },
  { label: '两步验证', icon: 'safety', path: '/account/totp' },
  { label: '登录设备', icon: 'desktop', path: '/account/sessions' },
] as const;

/** One entry of the notification bell (GET /api/notifications). */
export interface BellNotification {
  id: number;
  kind: string;
  title: string;
  body: string | null;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

/** How often the bell asks for new notifications (reminders are written hourly). */
const BELL_REFRESH_MS = 60_000;

/** The signed-in frame: header, permission-driven side menu, notification bell, and the routed page. */
@Component({
  selector: 'app-shell',
  imports: [
    DatePipe,
    NgTemplateOutlet,
    NzBadgeModule,
    RouterOutlet,
    RouterLink,
    NzLayoutModule,
    NzMenuModule,
    NzIconModule,
    NzButtonModule,
    NzDrawerModule,
    NzDropDownModule,
  ],
  providers: [provideNzIconsPatch([BellOutline])],
  templateUrl: './shell.html',
  styleUrl: './shell.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly messages = inject(NzMessageService);
  private readonly http = inject(HttpClient);

  protected readonly me = this.auth.me;
  /** A new password or a second factor is due: nothing else may be opened until it is done. */
  protected readonly forced = computed(() => this.auth.requiredStep() !== null);
  protected readonly menu = computed(() => (this.forced() ? [] : buildMenu(this.auth.permissions())));
  protected readonly accountLinks = computed(() => {
    const step = this.auth.requiredStep();
    return step ? ACCOUNT_LINKS.filter((l) => l.path === FORCED_STEP_PAGES[step]) : ACCOUNT_LINKS;
  });
  protected readonly isMobile = inject(Viewport).isMobile;
  protected readonly drawerOpen = signal(false);
  protected readonly collapsed = signal(false);
  protected readonly loggingOut = signal(false);
  protected readonly notifications = signal<BellNotification[]>([]);
  protected readonly unread = signal(0);

  constructor() {
    // The bell: now and every minute; quiet on failure (the count just stays as it was).
    timer(0, BELL_REFRESH_MS)
      .pipe(
        filter(() => this.me() !== null && !this.forced()),
        switchMap(() =>
          this.http.get<{ items: BellNotification[]; unread: number }>('/api/notifications', {
            params: new HttpParams({ fromObject: { pageSize: 10 } }),
            context: silentErrors(),
          }),
        ),
        takeUntilDestroyed(),
      )
      .subscribe({
        next: (answer) => {
          this.notifications.set(answer.items ?? []);
          this.unread.set(answer.unread ?? (answer.items ?? []).filter((n) => !n.readAt).length);
        },
        error: () => undefined,
      });
    // Close the drawer once the user has picked a page.
    this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.drawerOpen.set(false));
  }

  /** Opens a notification's page and marks it read. */
  protected openNotification(n: BellNotification): void {
    if (!n.readAt) {
      this.http.post(`/api/notifications/${n.id}/read`, {}, { context: silentErrors() }).subscribe({ error: () => undefined });
      this.notifications.update((list) => list.map((x) => (x.id === n.id ? { ...x, readAt: new Date().toISOString() } : x)));
      this.unread.update((u) => Math.max(0, u - 1));
    }
    if (n.link) void this.router.navigateByUrl(n.link);
  }

  protected async logout(): Promise<void> {
    this.loggingOut.set(true);
    try {
      await this.auth.logout();
    } catch {
      // The local session is cleared regardless; the server one expires on its own.
    } finally {
      this.loggingOut.set(false);
      // Toasts may still show data of the session that just ended.
      this.messages.remove();
      await this.router.navigateByUrl('/login');
    }
  }
}
