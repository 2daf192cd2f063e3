/**
 * How the bot's outgoing calls reach Direct Line conversations without Azure. Each Direct Line
 * conversation's serviceUrl points at this server (`<base>/directline/connector`). The adapter
 * builds a ConnectorClient per serviceUrl through BotFrameworkAuthentication; this wrapper hands
 * out, for our own serviceUrl, a client that
 *   - sends to this process over loopback, whatever host the serviceUrl names (a forged
 *     serviceUrl can never make the bot send our token elsewhere), and
 *   - signs each request with a local connector token (HMAC with the Direct Line secret),
 * instead of an AAD token, which would need MicrosoftAppId's credentials and the internet.
 * Every other serviceUrl (Teams, Emulator) goes to the configured authentication unchanged.
 * Proactive messages (continueConversationAsync) take the same path.
 */
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorClient,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { Activity } from 'botbuilder';
import type { DirectLineTokens } from './tokens';

/** The path every Direct Line serviceUrl ends with. */
export const CONNECTOR_PATH = '/directline/connector';

export function isDirectLineServiceUrl(serviceUrl: string | undefined): boolean {
  if (!serviceUrl) return false;
  try {
    return new URL(serviceUrl).pathname.replace(/\/+$/, '') === CONNECTOR_PATH;
  } catch {
    return false;
  }
}

type Credentials = ConstructorParameters<typeof ConnectorClient>[0];

/** Signs each request with a fresh-enough connector token. */
class ConnectorTokenCredentials implements Credentials {
  private cached?: { token: string; until: number };

  constructor(private readonly tokens: DirectLineTokens) {}

  async signRequest(webResource: Parameters<Credentials['signRequest']>[0]) {
    const now = Date.now();
    if (!this.cached || this.cached.until <= now) {
      const { token, expiresIn } = this.tokens.issue('connector');
      this.cached = { token, until: now + (expiresIn * 1000) / 2 };
    }
    webResource.headers.set('authorization', `Bearer ${this.cached.token}`);
    return webResource;
  }
}

export interface LocalConnector {
  tokens: DirectLineTokens;
  /** This server's own base URL as seen from inside the process (e.g. http://127.0.0.1:3978), once it listens. */
  loopbackBase: () => string | undefined;
}

class LocalFirstConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly local: LocalConnector,
  ) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (!isDirectLineServiceUrl(serviceUrl)) return this.inner.create(serviceUrl, audience);
    const base = this.local.loopbackBase();
    if (!base) throw new Error('the server is not listening yet: Direct Line replies have nowhere to go');
    return new ConnectorClient(new ConnectorTokenCredentials(this.local.tokens), { baseUri: `${base}${CONNECTOR_PATH}` });
  }
}

export class DirectLineAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly local: LocalConnector,
  ) {
    super();
  }

  // Requests from other channels keep their own connector factory: an activity posted to
  // /api/messages can never borrow the local connector by naming our serviceUrl.
  authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateRequest(activity, authHeader);
  }

  authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
  }

  createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new LocalFirstConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.local);
  }

  createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  /**
   * What an activity arriving through our Direct Line endpoint is authenticated as: the bot
   * itself (the endpoint checked the user's token), with the local-first connector factory.
   */
  directLineRequest(botAppId: string): AuthenticateRequestResult {
    const claimsIdentity = new ClaimsIdentity(
      [
        { type: AuthenticationConstants.AudienceClaim, value: botAppId },
        { type: AuthenticationConstants.AppIdClaim, value: botAppId },
      ],
      true,
    );
    return {
      claimsIdentity,
      audience: AuthenticationConstants.ToChannelFromBotOAuthScope,
      callerId: undefined as unknown as string,
      connectorFactory: this.createConnectorFactory(claimsIdentity),
    };
  }
}
