/**
 * Field names of Alpaca's trading API objects, recorded from alpaca-py's pydantic models
 * (github.com/alpacahq/alpaca-py, alpaca/trading/models.py at commit fd14c0af0e1c346d5881865a83d6b3a8aa00cd80:
 * `class Order(ModelWithID)`, `class Position(BaseModel)`, `class TradeAccount(ModelWithID)`; ModelWithID
 * adds `id`) and the status words from alpaca/trading/enums.py (`class OrderStatus`). The stand-in builds
 * its answers with exactly these fields, and a test holds it to them.
 */
export const ORDER_FIELDS = [
  "id", "client_order_id", "created_at", "updated_at", "submitted_at", "filled_at", "expired_at", "expires_at", "canceled_at", "failed_at",
  "replaced_at", "replaced_by", "replaces", "asset_id", "symbol", "asset_class", "notional", "qty", "filled_qty", "filled_avg_price",
  "order_class", "order_type", "type", "side", "time_in_force", "limit_price", "stop_price", "status", "extended_hours", "legs",
  "trail_percent", "trail_price", "hwm", "position_intent", "ratio_qty",
] as const;

/** Order fields alpaca-py declares without Optional: present and non-null in every order. */
export const ORDER_REQUIRED = ["id", "client_order_id", "created_at", "updated_at", "submitted_at", "order_class", "time_in_force", "status", "extended_hours"] as const;

export const POSITION_FIELDS = [
  "asset_id", "symbol", "exchange", "asset_class", "asset_marginable", "avg_entry_price", "qty", "side", "market_value", "cost_basis",
  "unrealized_pl", "unrealized_plpc", "unrealized_intraday_pl", "unrealized_intraday_plpc", "current_price", "lastday_price", "change_today",
  "swap_rate", "avg_entry_swap_rate", "usd", "qty_available",
] as const;

export const POSITION_REQUIRED = ["asset_id", "symbol", "exchange", "asset_class", "avg_entry_price", "qty", "side", "cost_basis"] as const;

export const ACCOUNT_FIELDS = [
  "id", "account_number", "status", "crypto_status", "currency", "buying_power", "regt_buying_power", "daytrading_buying_power",
  "non_marginable_buying_power", "cash", "accrued_fees", "pending_transfer_out", "pending_transfer_in", "portfolio_value", "pattern_day_trader",
  "trading_blocked", "transfers_blocked", "account_blocked", "created_at", "trade_suspended_by_user", "multiplier", "shorting_enabled",
  "equity", "last_equity", "long_market_value", "short_market_value", "initial_margin", "maintenance_margin", "last_maintenance_margin",
  "sma", "daytrade_count", "options_buying_power", "options_approved_level", "options_trading_level",
] as const;

export const ACCOUNT_REQUIRED = ["id", "account_number", "status"] as const;

/** alpaca-py `OrderStatus`, every value. */
export const ORDER_STATUSES = [
  "new", "partially_filled", "filled", "done_for_day", "canceled", "expired", "replaced", "pending_cancel", "pending_replace", "pending_review",
  "accepted", "pending_new", "accepted_for_bidding", "stopped", "rejected", "suspended", "calculated", "held",
] as const;

export type AlpacaOrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses after which nothing more fills: the broker is done with the order. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(["filled", "canceled", "expired", "replaced", "rejected", "done_for_day"]);
