module github.com/warrenbrasil/customerdata

go 1.25.0

require (
	github.com/rickar/cal/v2 v2.1.13 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	github.com/stretchr/testify v1.12.1 // indirect
	go.uber.org/goleak v1.3.0 // indirect
	golang.org/x/time v0.15.0 // indirect
)
