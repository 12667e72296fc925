module github.com/syncrokit/syncro

go 1.23.0

require (
	github.com/google/go-querystring v1.2.0
	github.com/shopspring/decimal v1.6.0
	golang.org/x/time v0.12.0
)

require (
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
