import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzResultModule } from 'ng-zorro-antd/result';

/** Shown for any path the app does not know. */
@Component({
  selector: 'app-not-found-page',
  imports: [NzResultModule, NzButtonModule, RouterLink],
  template: `
    <nz-result nzStatus="404" nzTitle="404" nzSubTitle="抱歉，您访问的页面不存在，请检查地址是否正确。">
      <div nz-result-extra>
        <a nz-button nzType="primary" routerLink="/">返回首页</a>
      </div>
    </nz-result>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NotFoundPage {}
