package main

import (
	"cmp"

	"github.com/shopspring/decimal"

	"github.com/warrenbrasil/customerdata/cdp"
	"github.com/warrenbrasil/customerdata/hubspot"
)

// The contact properties the job writes, in the group cdp_investments.
const (
	propAmount   = "cdp_reinvestable_amount"
	propNext     = "cdp_next_expiry_date"
	propCount    = "cdp_expiring_positions"
	propProducts = "cdp_expiring_products"
	groupName    = "cdp_investments"
)

// propertyGroup is the catalogue section business users see in HubSpot.
func propertyGroup() hubspot.PropertyGroup {
	return hubspot.PropertyGroup{Name: groupName, Label: "Investimentos (CDP)", DisplayOrder: -1}
}

// propertyDefs are the contact properties, labelled and described in
// Portuguese as business users browse them in HubSpot's catalogue.
func propertyDefs() []hubspot.Property {
	return []hubspot.Property{
		{Name: propAmount, Label: "Valor disponível para reinvestimento", Type: "number", FieldType: "number", GroupName: groupName,
			Description: "Soma exata, em reais, das posições de renda fixa que vencem dentro da janela de aviso (dias úteis ANBIMA). Vazio quando nada vence."},
		{Name: propNext, Label: "Próximo vencimento", Type: "date", FieldType: "date", GroupName: groupName,
			Description: "Data de pagamento mais próxima entre as posições que vencem na janela (vencimento em dia não útil passa para o próximo dia útil)."},
		{Name: propCount, Label: "Posições a vencer", Type: "number", FieldType: "number", GroupName: groupName,
			Description: "Quantas posições de renda fixa vencem dentro da janela de aviso."},
		{Name: propProducts, Label: "Produtos a vencer", Type: "string", FieldType: "textarea", GroupName: groupName,
			Description: "Uma linha por posição: produto, data de vencimento (e de pagamento, se diferente) e valor. Reinvestir só com o consentimento do cliente."},
	}
}

// properties are the values an alert writes on the contact.
func (a alert) properties() hubspot.Properties {
	return hubspot.Properties{
		propAmount:   cdp.NumberValue(a.Amount),
		propNext:     cdp.DateValue(a.NextExpiry),
		propCount:    cdp.NumberValue(decimal.NewFromInt(int64(len(a.Positions)))),
		propProducts: cdp.StringValue(a.productsText()),
	}
}

// deadLetterPayload is what a no_email dead letter carries, so that an
// operator can find the customer and the money at stake.
func (a alert) deadLetterPayload() map[string]any {
	firstUser := ""
	for _, p := range a.Positions {
		firstUser = cmp.Or(firstUser, p.Item.UserID)
	}
	return map[string]any{"person_id": a.PersonID, "position_ids": a.positionIDs(), propAmount: cdp.PlainDecimal(a.Amount),
		propNext: a.NextExpiry.String(), propCount: len(a.Positions), "first_user_id": firstUser}
}

// positionIDs lists the alert's position ids.
func (a alert) positionIDs() []string {
	ids := make([]string, len(a.Positions))
	for i, p := range a.Positions {
		ids[i] = p.Item.ID
	}
	return ids
}
