import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterOutlet } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzDrawerModule } from 'ng-zorro-antd/drawer';
import { NzDropDownModule } from 'ng-zorro-antd/dropdown';
import { NzIconModule } from 'ng-zorro-antd/icon';
import { NzLayoutModule } from 'ng-zorro-antd/layout';
import { NzMenuModule } from 'ng-zorro-antd/menu';
import { NzMessageService } from 'ng-zorro-antd/message';
import { filter } from 'rxjs';
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

/** The signed-in frame: header, permission-driven side menu, and the routed page. */
@Component({
  selector: 'app-shell',
  imports: [
    NgTemplateOutlet,
    RouterOutlet,
    RouterLink,
    NzLayoutModule,
    NzMenuModule,
    NzIconModule,
    NzButtonModule,
    NzDrawerModule,
    NzDropDownModule,
  ],
  templateUrl: './shell.html',
  styleUrl: './shell.less',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class Shell {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly messages = inject(NzMessageService);

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

  constructor() {
    // Close the drawer once the user has picked a page.
    this.router.events
      .pipe(
        filter((e) => e instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => this.drawerOpen.set(false));
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
