import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { NzButtonModule } from 'ng-zorro-antd/button';
import { NzResultModule } from 'ng-zorro-antd/result';

/** Shown when a route needs a permission the user lacks. */
@Component({
  selector: 'app-forbidden-page',
  imports: [NzResultModule, NzButtonModule, RouterLink],
  template: `
    <nz-result
      nzStatus="403"
      nzTitle="403"
      nzSubTitle="抱歉，您没有访问此页面的权限。如需开通，请联系本单位管理员分配角色。"
    >
      <div nz-result-extra>
        <a nz-button nzType="primary" routerLink="/">返回首页</a>
      </div>
    </nz-result>
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ForbiddenPage {}
