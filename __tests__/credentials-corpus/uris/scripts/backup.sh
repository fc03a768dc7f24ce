#!/bin/sh
mongodump --uri "mongodb://backup:{{!password:uri-5}}@mongo.internal:27017/app"  #!flag:AG208
psql "postgresql://etl:$PGPASSWORD@warehouse.internal/dw"  #!clean
