import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from './access.decorators';
import { type Actor, CurrentActor } from './actor';
import { TotpCodeDto, TotpDisableDto, TotpEnrolDto } from './dto/totp-code.dto';
import { AllowDuringMfaEnrolment } from './mfa.decorator';
import { type TotpEnrolment, TotpService, type TotpStatus } from './totp.service';

/** The signed-in user's own second factor (an admin resets someone else's under /api/users). */
@ApiTags('auth')
@Controller('auth/totp')
@Authenticated()
export class TotpController {
  constructor(private readonly totp: TotpService) {}

  @Post('enrol')
  @AllowDuringMfaEnrolment()
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Start setting up an authenticator app with { currentPassword }: { secret, otpauthUrl, qrCodeSvg }',
  })
  enrol(@CurrentActor() actor: Actor, @Body() dto: TotpEnrolDto): Promise<TotpEnrolment> {
    return this.totp.enrol(actor, dto.currentPassword);
  }

  @Post('verify')
  @AllowDuringMfaEnrolment()
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the app with a current code: the second factor is on from now' })
  verify(@CurrentActor() actor: Actor, @Body() dto: TotpCodeDto): Promise<TotpStatus> {
    return this.totp.verify(actor, dto.code);
  }

  @Post('disable')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn the second factor off with { code, currentPassword }; 409 when the role requires it',
  })
  disable(@CurrentActor() actor: Actor, @Body() dto: TotpDisableDto): Promise<TotpStatus> {
    return this.totp.disable(actor, dto);
  }
}
