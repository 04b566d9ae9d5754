package alert

import (
	"cmp"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/calendar"
	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// The contact Properties the job writes, in the group cdp_investments.
const (
	PropAmount   = "cdp_reinvestable_amount"
	PropNext     = "cdp_next_expiry_date"
	PropCount    = "cdp_expiring_positions"
	PropProducts = "cdp_expiring_products"
	GroupName    = "cdp_investments"
)

// PropertyGroup is the catalogue section business users see in HubSpot.
func PropertyGroup() hubspot.PropertyGroup {
	return hubspot.PropertyGroup{Name: GroupName, Label: "Investimentos (CDP)", DisplayOrder: -1}
}

// PropertyDefs are the contact Properties, labelled and described in
// Portuguese as business users browse them in HubSpot's catalogue.
func PropertyDefs() []hubspot.Property {
	return []hubspot.Property{
		{Name: PropAmount, Label: "Valor disponível para reinvestimento", Type: "number", FieldType: "number", GroupName: GroupName,
			Description: "Soma exata, em reais, das posições de renda fixa que vencem dentro da janela de aviso (dias úteis ANBIMA). Vazio quando nada vence."},
		{Name: PropNext, Label: "Próximo vencimento", Type: "date", FieldType: "date", GroupName: GroupName,
			Description: "Data de pagamento mais próxima entre as posições que vencem na janela (vencimento em dia não útil passa para o próximo dia útil)."},
		{Name: PropCount, Label: "Posições a vencer", Type: "number", FieldType: "number", GroupName: GroupName,
			Description: "Quantas posições de renda fixa vencem dentro da janela de aviso."},
		{Name: PropProducts, Label: "Produtos a vencer", Type: "string", FieldType: "textarea", GroupName: GroupName,
			Description: "Uma linha por posição: produto, data de vencimento (e de pagamento, se diferente) e valor. Reinvestir só com o consentimento do cliente."},
	}
}

// Properties are the values an alert writes on the contact.
func (a Alert) Properties() hubspot.Properties {
	return hubspot.Properties{
		PropAmount:   cdp.NumberValue(a.Amount),
		PropNext:     cdp.DateValue(a.NextExpiry),
		PropCount:    cdp.NumberValue(decimal.NewFromInt(int64(len(a.Positions)))),
		PropProducts: cdp.StringValue(a.ProductsText()),
	}
}

// DeadLetterPayload is what a no_email dead letter carries, so that an
// operator can find the customer and the money at stake.
func (a Alert) DeadLetterPayload() any {
	firstUser := ""
	for _, p := range a.Positions {
		firstUser = cmp.Or(firstUser, p.Item.UserID)
	}
	return map[string]any{"person_id": a.Person, "position_ids": a.PositionIDs(), PropAmount: cdp.PlainDecimal(a.Amount),
		PropNext: a.NextExpiry.String(), PropCount: len(a.Positions), "first_user_id": firstUser}
}

// PersonID is the canonical ID of the person the alert is for.
func (a Alert) PersonID() string { return a.Person }

// UserID is the user id of the first position: the contact key of a
// holder the identities never observed.
func (a Alert) UserID() string { return a.Positions[0].Item.UserID }

// Ref is the record's reference in dead letters: IDs, never personal data.
func (a Alert) Ref() map[string]string {
	return map[string]string{"person_id": a.Person, "position_ids": strings.Join(a.PositionIDs(), ",")}
}

// PositionIDs lists the alert's position ids.
func (a Alert) PositionIDs() []string {
	ids := make([]string, len(a.Positions))
	for i, p := range a.Positions {
		ids[i] = p.Item.ID
	}
	return ids
}

// Events are the expiry events of the alert's positions for a contact's
// e-mail, at noon of asOf: one per position and as-of date (the key, the
// event's uuid, repeats on a rerun the same day, which HubSpot counts once).
func (a Alert) Events(name, email string, asOf calendar.Date, loc *time.Location) []hubspot.Event {
	at := time.Date(asOf.Year, asOf.Month, asOf.Day, 12, 0, 0, 0, loc)
	out := make([]hubspot.Event, len(a.Positions))
	for i, p := range a.Positions {
		out[i] = hubspot.Event{Name: name, Key: "reinvestment-expiry:" + p.Item.ID + ":" + asOf.String(), Email: email, OccurredAt: at,
			Properties: hubspot.Properties{
				"product": cdp.StringValue(p.Item.ProductName), "product_type": cdp.StringValue(p.Item.ProductType),
				"maturity_date": cdp.StringValue(p.Expiry.Maturity.String()), "payment_date": cdp.StringValue(p.Expiry.Effective.String()),
				"amount": cdp.StringValue(cdp.PlainDecimal(p.Item.Amount)),
			}}
	}
	return out
}
