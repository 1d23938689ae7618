/** The shell: header (user, sync state), banners, role-based navigation and the current screen. */
import { useEffect } from "preact/hooks";
import { LoginScreen } from "../features/login/LoginScreen";
import { OrderScreen } from "../features/orders/OrderScreen";
import { logout, showIosHint } from "../features/login/auth";
import { PushCard } from "../features/push/PushCard";
import { RouteScreen } from "../features/route/RouteScreen";
import { SyncBar } from "../features/sync/SyncBar";
import { SyncScreen } from "../features/sync/SyncScreen";
import { VisitScreen } from "../features/visit/VisitScreen";
import { needsReload, storageError, view } from "../state/field";
import { flash } from "../state/flash";
import { navigate, route } from "../state/router";
import { isField, isOffice, session, sessionExpired } from "../state/session";
import { Banner } from "../ui/components";
import { lazyScreen, preloadScreens } from "../ui/lazy";
import { homeFor, navFor, worksNotices } from "./nav";
import { UpdateBanner } from "./UpdateBanner";

const CampaignsScreen = lazyScreen(() => import("../features/campaigns/CampaignsScreen"));
const RoutesScreen = lazyScreen(() => import("../features/fieldwork/RoutesScreen"));
const RouteDetailScreen = lazyScreen<{ id: string }>(() => import("../features/fieldwork/RouteDetailScreen"));
const ProgressScreen = lazyScreen(() => import("../features/fieldwork/ProgressScreen"));
const VisitsScreen = lazyScreen(() => import("../features/fieldwork/VisitsScreen"));
const AccountsScreen = lazyScreen<{ accountId?: string; edit?: boolean }>(() => import("../features/registry/AccountsScreen"));
const CutsScreen = lazyScreen(() => import("../features/disconnections/CutsScreen"));
const CutListScreen = lazyScreen<{ id: string }>(() => import("../features/disconnections/CutListScreen"));
const AgreementScreen = lazyScreen<{ accountId: string }>(() => import("../features/agreements/AgreementScreen"));
const OfficeAgreementsScreen = lazyScreen(() => import("../features/agreements/OfficeAgreementsScreen"));
const AgreementDetailScreen = lazyScreen<{ id: string }>(() => import("../features/agreements/AgreementDetailScreen"));
const FieldDiscountsScreen = lazyScreen(() => import("../features/discounts/FieldDiscountsScreen"));
const DiscountRegisterScreen = lazyScreen<{ accountId: string }>(() => import("../features/discounts/RegisterScreen"));
const OfficeDiscountsScreen = lazyScreen(() => import("../features/discounts/OfficeDiscountsScreen"));
const DiscountDetailScreen = lazyScreen<{ id: string }>(() => import("../features/discounts/ApplicationDetailScreen"));
const SurveyAnswerScreen = lazyScreen<{ formKey: string }>(() => import("../features/surveys/SurveyAnswerScreen"));
const FieldSurveysScreen = lazyScreen(() => import("../features/surveys/FieldSurveysScreen"));
const OfficeSurveysScreen = lazyScreen(() => import("../features/surveys/OfficeSurveysScreen"));
const SurveyEditorScreen = lazyScreen<{ formKey: string | null }>(() => import("../features/surveys/SurveyEditorScreen"));
const SurveyResultsScreen = lazyScreen<{ formKey: string }>(() => import("../features/surveys/SurveyResultsScreen"));
const CounterPaymentScreen = lazyScreen<{ accountId?: string }>(() => import("../features/counter/CounterPaymentScreen"));
const ChargesScreen = lazyScreen(() => import("../features/charges/ChargesScreen"));
const CorrectionsScreen = lazyScreen(() => import("../features/corrections/CorrectionsScreen"));
const ImportsScreen = lazyScreen(() => import("../features/imports/ImportsScreen"));
const DashboardScreen = lazyScreen(() => import("../features/reports/DashboardScreen"));
const ReportsScreen = lazyScreen<{ report?: string }>(() => import("../features/reports/ReportsScreen"));
const IndicatorsScreen = lazyScreen<{ tab?: string }>(() => import("../features/indicators/IndicatorsScreen"));
const BillingScreen = lazyScreen<{ period?: string }>(() => import("../features/billing/BillingScreen"));
const PaeScreen = lazyScreen<{ accountId?: string }>(() => import("../features/pae/PaeScreen"));
const CleanupScreen = lazyScreen<{ tab?: string }>(() => import("../features/cleanup/CleanupScreen"));
const TeamScreen = lazyScreen<{ tab?: string }>(() => import("../features/team/TeamScreen"));
/** What a field worker opens at a door with no signal: loaded as soon as she is in. */
const FIELD_OFFLINE_SCREENS = [AgreementScreen, FieldDiscountsScreen, DiscountRegisterScreen, FieldSurveysScreen, SurveyAnswerScreen];

function Screen() {
  const s = session.value;
  const r = route.value;
  if (!s || r.path === "/login") return <LoginScreen />;
  const [head, id] = r.parts;
  const field = isField.value;
  const office = isOffice.value;
  if (field && head === "ruta") return <RouteScreen mode={worksNotices(s.user.roles) ? "notices" : "orders"} />;
  if (field && head === "ordenes") return <RouteScreen mode="orders" />;
  if (field && head === "orden" && id) return <OrderScreen key={id} orderId={id} />;
  if (field && head === "visita" && id) return <VisitScreen key={id} noticeId={id} />;
  if (field && head === "convenio" && id) return <AgreementScreen key={id} accountId={id} />;
  if (field && head === "sync") return <SyncScreen />;
  const social = s.user.roles.includes("social_worker");
  if (social && head === "descuentos") return <FieldDiscountsScreen />;
  if (social && head === "descuento" && id) return <DiscountRegisterScreen key={`${id}?${r.query}`} accountId={id} />;
  if (field && head === "encuesta" && id) return <SurveyAnswerScreen key={`${id}?${r.query.get("cuenta") ?? ""}`} formKey={id} />;
  if (field && head === "encuestas") return <FieldSurveysScreen />;
  if (office && head === "campanas") return <CampaignsScreen />;
  if (office && head === "rutas" && id) return <RouteDetailScreen key={id} id={id} />;
  if (office && head === "rutas") return <RoutesScreen />;
  if (office && head === "avance") return <ProgressScreen />;
  if (office && head === "visitas") return <VisitsScreen />;
  if (office && head === "cuentas") return <AccountsScreen key={`${id ?? ""}/${r.parts[2] ?? ""}`} accountId={id} edit={!!id && r.parts[2] === "editar"} />;
  if (office && head === "cortes" && id) return <CutListScreen key={id} id={id} />;
  if (office && head === "cortes") return <CutsScreen />;
  if (office && head === "convenios" && id) return <AgreementDetailScreen key={id} id={id} />;
  if (office && head === "convenios") return <OfficeAgreementsScreen />;
  if (office && head === "descuentos" && id) return <DiscountDetailScreen key={id} id={id} />;
  if (office && head === "descuentos") return <OfficeDiscountsScreen />;
  if (office && head === "encuestas" && id === "nueva") return <SurveyEditorScreen key="nueva" formKey={null} />;
  if (office && head === "encuestas" && id && r.parts[2] === "editar") return <SurveyEditorScreen key={id} formKey={id} />;
  if (office && head === "encuestas" && id && r.parts[2] === "resultados") return <SurveyResultsScreen key={id} formKey={id} />;
  if (office && head === "encuestas") return <OfficeSurveysScreen />;
  if (office && head === "importaciones") return <ImportsScreen />;
  if (office && head === "pago") return <CounterPaymentScreen key={id ?? ""} accountId={id} />;
  if (office && head === "cargos") return <ChargesScreen />;
  if (office && head === "correcciones") return <CorrectionsScreen />;
  if (office && head === "tablero") return <DashboardScreen />;
  if (office && head === "reportes") return <ReportsScreen key={id ?? ""} report={id} />;
  if (office && head === "indicadores") return <IndicatorsScreen key={id ?? ""} tab={id} />;
  if (office && head === "facturacion") return <BillingScreen key={id ?? ""} period={id} />;
  if (office && head === "pae") return <PaeScreen key={id ?? ""} accountId={id} />;
  if (office && head === "depuracion") return <CleanupScreen key={id ?? ""} tab={id} />;
  if (office && head === "equipo") return <TeamScreen key={id ?? ""} tab={id} />;
  queueMicrotask(() => navigate(homeFor(s.user.roles), true));
  return null;
}

export function App() {
  const s = session.value;
  const items = s ? navFor(s.user.roles) : [];
  const fieldUser = s && isField.value ? s.user.id : null;
  useEffect(() => {
    if (fieldUser) void preloadScreens(FIELD_OFFLINE_SCREENS);
  }, [fieldUser]);
  const onLogout = async () => {
    const pending = view.value?.pending ?? 0;
    if (pending > 0 && !confirm(`Hay ${pending} registro(s) sin enviar. Quedan guardados en este teléfono y se enviarán cuando vuelva a entrar. ¿Salir?`)) return;
    await logout();
    navigate("/login", true);
  };
  return (
    <>
      <header class="app-header">
        <div class="row">
          <h1>Cartera</h1>
          {s && (
            <>
              <span class="who" data-testid="who">
                {s.user.full_name}
              </span>
              <button type="button" class="secondary" onClick={() => void onLogout()} data-testid="logout">
                Salir
              </button>
            </>
          )}
        </div>
      </header>
      {s && isField.value && (
        <div class="syncwrap">
          <SyncBar />
        </div>
      )}
      {items.length > 0 && (
        <nav class="app-nav" aria-label="Secciones">
          {items.map((n) => (
            <a key={n.path} href={`#${n.path}`} aria-current={route.value.path.startsWith(n.path) ? "page" : undefined} data-testid={n.testid}>
              {n.label}
            </a>
          ))}
        </nav>
      )}
      <main id="main">
        <UpdateBanner />
        {storageError.value && <Banner kind="bad">{storageError.value}</Banner>}
        {needsReload.value && (
          <Banner kind="warn">
            <p>Otra pestaña actualizó la app.</p>
            <button type="button" onClick={() => location.reload()}>
              Recargar
            </button>
          </Banner>
        )}
        {s && sessionExpired.value && (
          <Banner kind="warn" testid="session-expired">
            <p>Su sesión venció. Puede seguir trabajando; para sincronizar, inicie sesión de nuevo.</p>
            <a class="button" href="#/login">
              Iniciar sesión
            </a>
          </Banner>
        )}
        {showIosHint.value && (
          <Banner kind="info" testid="ios-install-hint">
            <p>
              Para trabajar sin señal y recibir avisos, instale Cartera: toque <strong>Compartir</strong> y luego <strong>Agregar a inicio</strong>.
            </p>
            <button type="button" class="secondary" onClick={() => (showIosHint.value = false)}>
              Entendido
            </button>
          </Banner>
        )}
        {s && <PushCard />}
        {flash.value && (
          <p class="banner info" role="status" data-testid="flash">
            {flash.value.text}
          </p>
        )}
        <Screen />
      </main>
    </>
  );
}
