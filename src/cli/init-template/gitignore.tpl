node_modules/
.data/
.env
